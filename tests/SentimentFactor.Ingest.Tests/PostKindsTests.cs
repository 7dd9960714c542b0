using SentimentFactor.Core.Records;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using SentimentFactor.Aggregation;
using SentimentFactor.Core.Calendar;
using SentimentFactor.Ingest.Normalization;
using SentimentFactor.Ingest.Sources.Files;
using SentimentFactor.Ingest.Sources.Http;
using SentimentFactor.Storage.Aggregation;
using SentimentFactor.Storage.Ingest;
using SentimentFactor.Testing;
using SentimentFactor.Testing.Fakes;

namespace SentimentFactor.Ingest.Tests;

/// <summary>
/// Issue 16 acceptance on the real database: post kinds from real-shaped inputs, retweets left out of the day's
/// counts by default and in them with Aggregation:CountRetweets, a stale since_id that recovers and records its gap.
/// </summary>
public sealed class PostKindsTests : IClassFixture<PostgresFixture>, IDisposable
{
    // Two pages of GET /2/tweets/search/recent?tweet.fields=...,note_tweet,referenced_tweets&expansions=referenced_tweets.id
    // as X answers them, one page a line: retweets (cut text, original in includes.tweets), a quote, a reply, a retweet
    // whose original is gone (partial "errors" next to "data"), a tweet lacking requested fields, HTML escaping, emoji.
    // Every post is on Friday 2026-11-20 before the close (21:00 UTC).
    public const string XPages = """
        {"data":[{"id":"1860000000000000001","text":"$AAPL beat again, AT&amp;T &lt; Apple 🍏","created_at":"2026-11-20T14:00:00.000Z","author_id":"11","lang":"en","edit_history_tweet_ids":["1860000000000000001"],"entities":{"cashtags":[{"start":0,"end":5,"tag":"AAPL"}]}},{"id":"1860000000000000002","text":"RT @alice: Big day: $AAPL services record, $MSFT cloud strong, and I keep adding more $AA…","created_at":"2026-11-20T15:00:00.000Z","author_id":"12","lang":"en","edit_history_tweet_ids":["1860000000000000002"],"referenced_tweets":[{"type":"retweeted","id":"1860000000000000100"}],"entities":{"cashtags":[{"start":20,"end":25,"tag":"AAPL"},{"start":42,"end":47,"tag":"MSFT"}]}},{"id":"1860000000000000003","text":"This is wrong about $TSLA https://t.co/q1","created_at":"2026-11-20T15:30:00.000Z","author_id":"13","lang":"en","edit_history_tweet_ids":["1860000000000000003"],"referenced_tweets":[{"type":"quoted","id":"1860000000000000200"}]},{"id":"1860000000000000004","text":"@dave agreed, $AAPL is cheap","created_at":"2026-11-20T16:00:00.000Z","author_id":"14","lang":"en","edit_history_tweet_ids":["1860000000000000004"],"referenced_tweets":[{"type":"replied_to","id":"1860000000000000001"}]},{"id":"1860000000000000005","text":"RT @gone: $NVDA to zero","created_at":"2026-11-20T16:30:00.000Z","author_id":"15","lang":"en","edit_history_tweet_ids":["1860000000000000005"],"referenced_tweets":[{"type":"retweeted","id":"1860000000000000300"}]}],"includes":{"tweets":[{"id":"1860000000000000100","text":"Big day: $AAPL services record, $MSFT cloud strong, and I keep adding more $AAPL into the close. Long post follows…","created_at":"2026-11-20T13:00:00.000Z","author_id":"10","lang":"en","edit_history_tweet_ids":["1860000000000000100"],"note_tweet":{"text":"Big day: $AAPL services record, $MSFT cloud strong, and I keep adding more $AAPL into the close. Long post: the services margin is the story &amp; hardware is noise.","entities":{"cashtags":[{"start":9,"end":14,"tag":"AAPL"}]}}},{"id":"1860000000000000200","text":"$TSLA deliveries will miss","created_at":"2026-11-19T12:00:00.000Z","author_id":"20","lang":"en","edit_history_tweet_ids":["1860000000000000200"]}]},"errors":[{"value":"1860000000000000300","detail":"Could not find tweet with referenced_tweets.id: [1860000000000000300].","title":"Not Found Error","resource_type":"tweet","parameter":"referenced_tweets.id","resource_id":"1860000000000000300","type":"https://api.twitter.com/2/problems/resource-not-found"}],"meta":{"newest_id":"1860000000000000005","oldest_id":"1860000000000000001","result_count":5,"next_token":"b26v89c19zqg8o3f"}}
        {"data":[{"id":"1860000000000000006","text":"RT @alice: Big day: $AAPL services record, $MSFT cloud strong, and I keep adding more $AA…","created_at":"2026-11-20T17:00:00.000Z","author_id":"16","lang":"en","edit_history_tweet_ids":["1860000000000000006"],"referenced_tweets":[{"type":"retweeted","id":"1860000000000000100"}]},{"id":"1860000000000000007","text":"quiet day for $QQQ","created_at":"2026-11-20T18:00:00.000Z"}],"includes":{"tweets":[{"id":"1860000000000000100","text":"Big day: $AAPL services record, $MSFT cloud strong, and I keep adding more $AAPL into the close. Long post follows…","created_at":"2026-11-20T13:00:00.000Z","author_id":"10","lang":"en","edit_history_tweet_ids":["1860000000000000100"],"note_tweet":{"text":"Big day: $AAPL services record, $MSFT cloud strong, and I keep adding more $AAPL into the close. Long post: the services margin is the story &amp; hardware is noise.","entities":{"cashtags":[{"start":9,"end":14,"tag":"AAPL"}]}}}]},"meta":{"newest_id":"1860000000000000007","oldest_id":"1860000000000000006","result_count":2}}
        """;

    private static readonly DateTimeOffset Now = TestFiles.Now;
    private readonly PostgresFixture _database;
    private readonly TestFiles _files = new();
    private readonly InstantTimeProvider _clock = new(Now);

    public PostKindsTests(PostgresFixture database)
    {
        _database = database;
    }

    public void Dispose() => _files.Dispose();

    private IngestRunner Runner() =>
        new(new PostStore(_database.DataSource), new CursorStore(_database.DataSource), _clock, TestFiles.Logger<IngestRunner>());

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task X_v2_pages_store_every_post_once_with_its_kind_and_retweets_count_only_with_the_setting()
    {
        var source = Unique("xpages");
        var path = _files.Write("x-pages.jsonl", XPages);

        var result = await Runner().RunAsync(new FilePostSource(path, source, FileFormat.Auto, FieldMap.Default, new IngestOptions(), _clock), null, CancellationToken.None);

        Assert.Equal((8L, 1L, 0L), (result.Accepted, result.Duplicates, result.Rejected));
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(string PostId, string Kind, string? RefPostId, string Text, string? RawText, string[] Symbols)>(
            "SELECT post_id, kind, ref_post_id, text, raw_text, symbols FROM sf.posts WHERE source = @source ORDER BY post_id", new { source }))
            .ToDictionary(r => r.PostId[^3..]);
        Assert.Equal(
            [("001", "original", null), ("002", "retweet", "1860000000000000100"), ("003", "quote", "1860000000000000200"),
             ("004", "reply", "1860000000000000001"), ("005", "retweet", "1860000000000000300"), ("006", "retweet", "1860000000000000100"),
             ("007", "original", null), ("100", "original", null)],
            rows.Values.Select(r => (r.PostId[^3..], r.Kind, r.RefPostId)));
        Assert.Equal(("$AAPL beat again, AT&T < Apple 🍏", "$AAPL beat again, AT&amp;T &lt; Apple 🍏"), (rows["001"].Text, rows["001"].RawText));
        Assert.EndsWith("the services margin is the story & hardware is noise.", rows["100"].Text, StringComparison.Ordinal);
        Assert.Equal(["AAPL", "MSFT"], rows["002"].Symbols);
        Assert.Equal(["AAPL", "MSFT"], rows["100"].Symbols);
        Assert.Null(rows["002"].RawText);

        // One label per post: retweets 002 (positive), 005 (negative), 006 (positive).
        var model = Unique("kinds-model");
        await connection.ExecuteAsync("INSERT INTO sf.models (model_id, name, kind, labels) VALUES (@model, 'kinds', 'lexicon', '{negative,neutral,positive}')", new { model });
        var labels = new Dictionary<string, string>
        {
            ["001"] = "positive",
            ["002"] = "positive",
            ["003"] = "negative",
            ["004"] = "neutral",
            ["005"] = "negative",
            ["006"] = "positive",
            ["007"] = "neutral",
            ["100"] = "positive",
        };
        foreach (var (suffix, label) in labels)
        {
            await connection.ExecuteAsync(
                "INSERT INTO sf.post_scores (source, post_id, model_id, label, p_neg, p_neu, p_pos) VALUES (@source, @id, @model, @label, 0.2, 0.3, 0.5)",
                new { source, id = rows[suffix].PostId, model, label });
        }

        var friday = new DateOnly(2026, 11, 20);
        var byDefault = await AggregateAsync(model, countRetweets: false, friday);
        Assert.Equal((2, 2, 1, 5, 3, false), byDefault);
        var counted = await AggregateAsync(model, countRetweets: true, friday);
        Assert.Equal((4, 2, 2, 8, 3, true), counted);

        // The SQL library reads both ways whatever the stored setting.
        var distinct = await connection.QuerySingleAsync<(int NPos, int NNeg, int NTotal, int NRetweets, double Bullishness)>(
            "SELECT n_pos, n_neg, n_total, n_retweets, bullishness FROM sf.daily_counts(@model, '*', false) WHERE trading_day = @friday", new { model, friday });
        Assert.Equal((2, 1, 5, 3), (distinct.NPos, distinct.NNeg, distinct.NTotal, distinct.NRetweets));
        Assert.Equal(Math.Log(3.0 / 2.0), distinct.Bullishness, 1e-12);
        var all = await connection.QuerySingleAsync<(int NPos, int NNeg, int NTotal)>(
            "SELECT n_pos, n_neg, n_total FROM sf.daily_counts(@model, '*', true) WHERE trading_day = @friday", new { model, friday });
        Assert.Equal((4, 2, 8), all);
    }

    [Fact]
    public async Task Twitter_v1_statuses_and_plain_rt_text_get_their_kinds_and_a_retweets_original_is_stored_whole()
    {
        var source = Unique("v1");
        var path = _files.Write("v1.jsonl", """
            {"id_str":"501","created_at":"Fri Nov 20 15:00:00 +0000 2026","text":"RT @carol: $AMD is the pick for 2027, here is why: the data center ramp, the margins, the…","user":{"id_str":"9"},"retweeted_status":{"id_str":"500","created_at":"Fri Nov 20 14:00:00 +0000 2026","text":"$AMD is the pick for 2027, here is why: the data center ramp…","truncated":true,"extended_tweet":{"full_text":"$AMD is the pick for 2027, here is why: the data center ramp, the margins, the roadmap. $NVDA &amp; $INTC lag."},"user":{"id_str":"8"}}}
            {"id_str":"502","created_at":"Fri Nov 20 15:10:00 +0000 2026","full_text":"so true $AMD","quoted_status_id_str":"400","user":{"id_str":"7"}}
            {"id_str":"503","created_at":"Fri Nov 20 15:20:00 +0000 2026","full_text":"@carol nope","in_reply_to_status_id_str":"500","user":{"id_str":"6"}}
            {"id":"504","created_at":"2026-11-20T15:30:00Z","text":"RT @some_one: $QQQ ripping"}
            {"id":"505","created_at":"2026-11-20T15:40:00Z","text":"RT this if you agree: $QQQ"}
            """);

        var result = await Runner().RunAsync(new FilePostSource(path, source, FileFormat.Auto, FieldMap.Default, new IngestOptions(), _clock), null, CancellationToken.None);

        Assert.Equal(6L, result.Accepted);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(string PostId, string Kind, string? RefPostId, string Text, string[] Symbols)>(
            "SELECT post_id, kind, ref_post_id, text, symbols FROM sf.posts WHERE source = @source ORDER BY post_id", new { source })).ToList();
        Assert.Equal(
            [("500", "original", null), ("501", "retweet", "500"), ("502", "quote", "400"), ("503", "reply", "500"), ("504", "retweet", null), ("505", "original", null)],
            rows.Select(r => (r.PostId, r.Kind, r.RefPostId)));
        Assert.EndsWith("$NVDA & $INTC lag.", rows[0].Text, StringComparison.Ordinal);
        Assert.Equal(["AMD", "NVDA", "INTC"], rows[0].Symbols);
        Assert.Equal(["AMD", "NVDA", "INTC"], rows[1].Symbols);
    }

    [Fact]
    public async Task StockTwits_reshares_and_replies_get_their_kinds_and_the_reshared_message_is_stored()
    {
        await using var server = new FakeStockTwitsServer(_clock);
        var original = FakeStockTwitsServer.Message(900_001, Now.AddHours(-3), "$SHOP.CA and $BTC.X both breaking out", "Bullish", ["SHOP.CA", "BTC.X"], userId: 1);
        server.AddMessage(FakeStockTwitsServer.Message(900_010, Now.AddHours(-2), "", null, ["SHOP.CA", "BTC.X"], userId: 2, reshareOf: original));
        server.AddMessage(FakeStockTwitsServer.Message(900_011, Now.AddHours(-1), "careful, $BTC.X is extended", "Bearish", ["BTC.X"], userId: 3, reshareOf: original));
        server.AddMessage(FakeStockTwitsServer.Message(900_012, Now.AddMinutes(-30), "agreed &amp; added", null, ["BTC.X"], userId: 4, inReplyTo: 900_011));
        using var http = new HttpClient();
        var options = new IngestOptions { StockTwitsBaseUrl = server.BaseUrl };

        var result = await Runner().RunAsync(new StockTwitsSource("BTC.X", http, options, _clock, NullLogger.Instance), null, CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(string PostId, string Kind, string? RefPostId, string Text, string[] Symbols)>(
            "SELECT post_id, kind, ref_post_id, text, symbols FROM sf.posts WHERE source = 'stocktwits' AND post_id LIKE '9000%' ORDER BY post_id")).ToList();
        Assert.Equal(
            [("900001", "original", null), ("900010", "retweet", "900001"), ("900011", "quote", "900001"), ("900012", "reply", "900011")],
            rows.Select(r => (r.PostId, r.Kind, r.RefPostId)));
        Assert.Equal(["SHOP.CA", "BTC.X"], rows[0].Symbols);
        Assert.Equal(rows[0].Text, rows[1].Text);
        Assert.Equal("agreed & added", rows[3].Text);
        Assert.True(server.ResponseHeaderNames.Contains("X-RateLimit-Remaining", StringComparer.Ordinal), string.Join(",", server.ResponseHeaderNames));
    }

    [Fact]
    public async Task A_query_whose_cursor_is_8_days_old_recovers_records_the_gap_once_and_then_uses_since_id_again()
    {
        await using var server = new FakeXApiServer(_clock);
        var query = Unique("$AAPL stale");
        var lastStored = Now - TimeSpan.FromDays(8);
        var staleId = FakeXApiServer.SnowflakeId(lastStored);
        await new CursorStore(_database.DataSource).SaveAsync(new CursorUpdate("x", query, $$"""{"since_id":"{{staleId}}","since_at":"{{lastStored:O}}"}"""), CancellationToken.None);
        for (var i = 0; i < 30; i++)
        {
            var at = Now - TimeSpan.FromDays(6) + TimeSpan.FromHours(i);
            server.AddTweet(FakeXApiServer.SnowflakeId(at, i), at, $"post {i} $AAPL");
        }

        using var http = new HttpClient();
        var options = new IngestOptions { XBaseUrl = server.BaseUrl, XMaxResults = 10 };
        XRecentSearchSource Source() => new(query, null, "test-token", http, options, _clock, NullLogger.Instance);

        var first = await Runner().RunAsync(Source(), null, CancellationToken.None);

        Assert.True(first.Succeeded, first.Error);
        Assert.Equal(30L, first.Accepted);
        Assert.Contains($"the saved since_id {staleId} is older than recent search's 7-day window", first.Warning, StringComparison.Ordinal);
        Assert.Contains("2026-11-17 22:00 UTC", first.Warning, StringComparison.Ordinal);
        var windowStart = Now - FakeXApiServer.SearchWindow;
        var gap = Assert.Single(await new CursorStore(_database.DataSource).GapsAsync("x", query, CancellationToken.None));
        Assert.Equal((lastStored, windowStart.AddMinutes(5), staleId.ToString(System.Globalization.CultureInfo.InvariantCulture)), (gap.From, gap.To, gap.StaleSinceId));
        Assert.Contains("start_time=2026-11-18T22%3A05%3A00Z", server.Requests[1], StringComparison.Ordinal);
        server.AddTweet(FakeXApiServer.SnowflakeId(Now.AddMinutes(-1)), Now.AddMinutes(-1), "fresh $AAPL");

        var second = await Runner().RunAsync(Source(), null, CancellationToken.None);

        Assert.True(second.Succeeded, second.Error);
        Assert.Equal((1L, (string?)null), (second.Accepted, second.Warning));
        Assert.Contains("since_id=" + FakeXApiServer.SnowflakeId(Now - TimeSpan.FromDays(6) + TimeSpan.FromHours(29), 29), server.Requests[^1], StringComparison.Ordinal);
        Assert.Single(await new CursorStore(_database.DataSource).GapsAsync("x", query, CancellationToken.None));
    }

    [Fact]
    public async Task Migration_060_classifies_stored_rows_by_the_same_text_rule_as_ingest()
    {
        string[] texts = ["RT @a_b: x", "RT @abcdefghijklmnop: too long a name", "RT @: none", "rt @a: lower", " RT @a: space", "RT @a x", "RT @Zz9: ok", "plain"];
        var source = Unique("legacy");
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        for (var i = 0; i < texts.Length; i++)
        {
            await connection.ExecuteAsync(
                "INSERT INTO sf.posts (source, post_id, created_at, text, kind) VALUES (@source, @id, now(), @text, 'original')",
                new { source, id = i.ToString(System.Globalization.CultureInfo.InvariantCulture), text = texts[i] });
        }

        var migration = await File.ReadAllTextAsync(Path.Combine(TestPaths.RepositoryRoot, "sql", "schema", "060_post_kinds.sql"));
        var update = migration.Split('\n').Single(l => l.StartsWith("UPDATE sf.posts", StringComparison.Ordinal)).TrimEnd(';', '\r');
        await connection.ExecuteAsync(update + " AND source = @source", new { source });

        var kinds = (await connection.QueryAsync<(string PostId, string Kind)>("SELECT post_id, kind FROM sf.posts WHERE source = @source", new { source }))
            .ToDictionary(r => int.Parse(r.PostId, System.Globalization.CultureInfo.InvariantCulture), r => r.Kind);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(PostNormalizer.IsRetweetText(texts[i]) ? PostKinds.Retweet : PostKinds.Original, kinds[i]);
        }

        Assert.Equal(2, kinds.Values.Count(k => k == PostKinds.Retweet));
    }

    private async Task<(int NPos, int NNeu, int NNeg, int NTotal, int NRetweets, bool Counted)> AggregateAsync(string model, bool countRetweets, DateOnly day)
    {
        var aggregator = new DailyAggregator(
            new AggregationStore(_database.DataSource, TimeSpan.FromMinutes(1), 64, countRetweets),
            NasdaqCalendar.Instance,
            100,
            TimeProvider.System,
            NullLogger<DailyAggregator>.Instance);
        await aggregator.RunAsync(new AggregationRequest(ModelId: model), CancellationToken.None);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(int, int, int, int, int, bool)>(
            "SELECT n_pos, n_neu, n_neg, n_total, n_retweets, retweets_counted FROM sf.daily_sentiment WHERE model_id = @model AND symbol = '*' AND trading_day = @day",
            new { model, day });
    }
}
