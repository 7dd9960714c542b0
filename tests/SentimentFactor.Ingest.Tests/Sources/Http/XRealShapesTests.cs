using System.Text.Json;
using SentimentFactor.Ingest.Sources.Http;
using SentimentFactor.Testing.Fakes;

namespace SentimentFactor.Ingest.Tests.Sources.Http;

/// <summary>Issue 16: what real X search pages hold (retweets, long posts, HTML escaping, a stale since_id).</summary>
public sealed class XRealShapesTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = TestFiles.Now;
    private readonly InstantTimeProvider _clock = new(Now);
    private readonly HttpClient _http = new();
    private FakeXApiServer _server = null!;

    public Task InitializeAsync()
    {
        _server = new FakeXApiServer(_clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private XRecentSearchSource Source(DateTimeOffset? since = null) =>
        new("$AAPL", since, "test-token", _http, new IngestOptions { XBaseUrl = _server.BaseUrl, XMaxResults = 10 }, _clock, TestFiles.Logger<XRealShapesTests>());

    private static long Id(TimeSpan ago, int sequence = 0) => FakeXApiServer.SnowflakeId(Now - ago, sequence);

    [Fact]
    public async Task A_retweet_brings_its_original_with_full_text_and_a_cut_cashtag_is_not_a_ticker()
    {
        // X cuts a retweet's text to 140 characters: "RT @bull: " + the first 129 of the original + "…", here "…$AA…".
        var prefix = "Long thread on why I keep buying: margins, services, buybacks, the next product cycle. Everyone says priced in. ".PadRight(114) + "Adding more ";
        Assert.Equal(126, prefix.Length);
        var long1 = prefix + "$AAPL here. " + string.Concat(Enumerable.Repeat("Earnings next week will show it, and the week after that too. ", 4));
        Assert.True(long1.Length > 280);
        var original = FakeXApiServer.Tweet(Id(TimeSpan.FromHours(5)), Now.AddHours(-5), long1[..275] + "…", authorId: "100", noteText: long1);
        var retweetId = Id(TimeSpan.FromHours(1));
        _server.AddRetweet(retweetId, Now.AddHours(-1), "200", "bull", original);

        var (posts, rejects, _) = await TestFiles.DrainAsync(Source());

        Assert.Empty(rejects);
        var retweet = posts.Single(p => p.PostId == retweetId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith("$AA…", retweet.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("AA", retweet.Symbols);
        var stored = posts.Single(p => p.PostId == original["id"]!.GetValue<string>());
        Assert.Equal(long1, stored.Text);
        Assert.Equal(["AAPL"], stored.Symbols);
        Assert.Equal(Now.AddHours(-5), stored.CreatedAt);
        Assert.Equal(2, posts.Count);
    }

    [Fact]
    public async Task A_long_post_is_stored_with_its_note_tweet_text()
    {
        var full = string.Concat(Enumerable.Repeat("Services growth is the story here, not hardware. ", 8)) + "$AAPL to the moon 🚀";
        var id = Id(TimeSpan.FromHours(2));
        _server.AddTweet(id, Now.AddHours(-2), full[..270] + "… https://t.co/abc", noteText: full);

        var (posts, _, _) = await TestFiles.DrainAsync(Source());

        Assert.Contains("note_tweet", _server.Requests[0], StringComparison.Ordinal);
        Assert.Equal(full, Assert.Single(posts).Text);
    }

    [Fact]
    public async Task Html_entities_the_platform_escapes_are_decoded_for_scoring()
    {
        _server.AddTweet(Id(TimeSpan.FromHours(3)), Now.AddHours(-3), "$T AT&amp;T &lt;3 but $VZ &gt; it &amp;&amp; it&#39;s &#x1F680; &amp;lt;");

        var (posts, _, _) = await TestFiles.DrainAsync(Source());

        Assert.Equal("$T AT&T <3 but $VZ > it && it's 🚀 &lt;", Assert.Single(posts).Text);
    }

    [Fact]
    public async Task A_since_id_older_than_the_window_falls_back_to_start_time_and_the_next_pull_uses_since_id_again()
    {
        var staleId = Id(TimeSpan.FromDays(8));
        var stale = JsonSerializer.Serialize(new { since_id = staleId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        for (var i = 0; i < 12; i++)
        {
            _server.AddTweet(Id(TimeSpan.FromDays(6) - TimeSpan.FromHours(i), i), Now - TimeSpan.FromDays(6) + TimeSpan.FromHours(i), $"post {i} $AAPL");
        }

        var (posts, _, pages) = await TestFiles.DrainAsync(Source(), stale);

        Assert.Equal(12, posts.Count);
        Assert.Contains("since_id=" + staleId, _server.Requests[0], StringComparison.Ordinal);
        Assert.Contains("start_time=", _server.Requests[1], StringComparison.Ordinal);
        Assert.DoesNotContain("since_id", _server.Requests[1], StringComparison.Ordinal);
        _server.AddTweet(Id(TimeSpan.FromMinutes(5)), Now.AddMinutes(-5), "late $AAPL");

        var (next, _, _) = await TestFiles.DrainAsync(Source(), pages[^1].Cursor);

        Assert.Single(next);
        Assert.Contains("since_id=", _server.Requests[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("start_time", _server.Requests[^1], StringComparison.Ordinal);
    }
}
