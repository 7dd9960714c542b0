using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SentimentFactor.Core.Calendar;
using SentimentFactor.Storage.Aggregation;
using SentimentFactor.Testing;
using Xunit;

namespace SentimentFactor.Aggregation.Tests;

public sealed class DailyAggregatorTests : IClassFixture<PostgresFixture>
{
    // avg() of real in PostgreSQL accumulates in double precision, as the reference does.
    private const double Tolerance = 1e-9;

    private static readonly NasdaqCalendar Calendar = NasdaqCalendar.Instance;

    private readonly NpgsqlDataSource _dataSource;

    public DailyAggregatorTests(PostgresFixture fixture)
    {
        _dataSource = fixture.DataSource;
    }

    private DailyAggregator Aggregator(int daysPerBatch = 1_000) => new(
        new AggregationStore(_dataSource, TimeSpan.FromMinutes(1), 64),
        Calendar,
        daysPerBatch,
        TimeProvider.System,
        NullLogger<DailyAggregator>.Instance);

    [Fact]
    public async Task Sql_assignment_agrees_with_the_calendar_rule_at_its_edges()
    {
        // Each post carries its own symbol, so its symbol row shows which trading day SQL gave it.
        string[] instants =
        [
            "2024-06-12T15:59:59-04:00", "2024-06-12T16:00:00-04:00",       // summer close
            "2024-01-10T20:59:59Z", "2024-01-10T21:00:00Z",                 // winter close
            "2024-03-08T20:59:59Z", "2024-03-08T21:00:00Z",                 // Friday before spring forward
            "2024-03-10T06:59:59Z", "2024-03-10T07:00:00Z",                 // the DST jump itself
            "2024-03-11T19:59:59Z", "2024-03-11T20:00:00Z",                 // first EDT close
            "2024-11-01T19:59:59Z", "2024-11-01T20:00:00Z",                 // Friday before fall back
            "2024-11-03T05:30:00Z", "2024-11-03T06:30:00Z",                 // 01:30 twice
            "2024-11-04T20:30:00Z", "2024-11-04T21:00:00Z",                 // first EST close
            "2024-12-31T20:59:59Z", "2024-12-31T21:00:00Z", "2025-01-01T03:00:00Z", // New Year
            "2024-03-28T19:59:59Z", "2024-03-28T20:00:00Z", "2024-03-29T14:00:00Z", // Good Friday
            "2024-11-29T17:59:59Z", "2024-11-29T18:00:00Z",                 // early close after Thanksgiving
            "2024-07-03T16:59:59Z", "2024-07-03T17:00:00Z",                 // early close before July 4
        ];
        var posts = instants.Select((at, i) => new TestPost(
            $"edge-{i}", DateTimeOffset.Parse(at, null), [$"E{i:D2}"], "positive", 0.1f, 0.2f, 0.7f)).ToList();
        await AggregationTestData.AddModelAsync(_dataSource, "edges");
        await AggregationTestData.AddScoredPostsAsync(_dataSource, "edges", posts);

        await Aggregator().RunAsync(new AggregationRequest(ModelId: "edges"), CancellationToken.None);

        var sqlDays = (await AggregationTestData.ReadRowsAsync(_dataSource, "edges"))
            .Where(r => r.Symbol != "*")
            .ToDictionary(r => r.Symbol, r => r.TradingDay);
        for (var i = 0; i < posts.Count; i++)
        {
            Assert.True(
                Calendar.TradingDayFor(posts[i].CreatedAt) == sqlDays[$"E{i:D2}"],
                $"{instants[i]}: calendar {Calendar.TradingDayFor(posts[i].CreatedAt)}, SQL {sqlDays[$"E{i:D2}"]}");
        }
    }

    [Fact]
    public async Task Aggregation_equals_a_straightforward_recomputation_on_random_data()
    {
        var posts = RandomPosts(seed: 20240310, count: 3_000, "rnd");
        await AggregationTestData.AddModelAsync(_dataSource, "random-a");
        await AggregationTestData.AddModelAsync(_dataSource, "random-b", "Negative", "Neutral", "Positive");
        await AggregationTestData.AddScoredPostsAsync(_dataSource, "random-a", posts);
        // A second model scores the same posts differently: its scores must not leak into model a's rows.
        await AggregationTestData.AddScoredPostsAsync(_dataSource, "random-b",
            posts.Select(p => p with { Label = "NEGATIVE", PPos = 0f }).ToList());

        var result = await Aggregator(daysPerBatch: 7).RunAsync(new AggregationRequest(ModelId: "random-a"), CancellationToken.None);

        var from = posts.Min(p => Calendar.TradingDayFor(p.CreatedAt));
        var to = posts.Max(p => Calendar.TradingDayFor(p.CreatedAt));
        var expected = AggregationTestData.Reference("random-a", posts, from, to);
        var actual = await AggregationTestData.ReadRowsAsync(_dataSource, "random-a");
        AggregationTestData.AssertSameRows(expected, actual, Tolerance);
        Assert.Equal(from, result.Single().From);
        Assert.Equal(to, result.Single().To);
        Assert.Equal(expected.Count, result.Single().Rows);
        Assert.Empty(await AggregationTestData.ReadRowsAsync(_dataSource, "random-b"));
    }

    [Fact]
    public async Task Rerun_gives_identical_rows_and_batch_size_does_not_matter()
    {
        var posts = RandomPosts(seed: 7, count: 800, "rerun");
        await AggregationTestData.AddModelAsync(_dataSource, "rerun");
        await AggregationTestData.AddScoredPostsAsync(_dataSource, "rerun", posts);

        await Aggregator().RunAsync(new AggregationRequest(ModelId: "rerun"), CancellationToken.None);
        var first = await AggregationTestData.ReadRowsAsync(_dataSource, "rerun");
        await Aggregator(daysPerBatch: 1).RunAsync(new AggregationRequest(ModelId: "rerun"), CancellationToken.None);
        var second = await AggregationTestData.ReadRowsAsync(_dataSource, "rerun");

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Late_post_for_an_old_day_is_counted_by_recomputing_that_day()
    {
        var day = new DateOnly(2024, 5, 15);
        var early = new TestPost("late-1", new DateTimeOffset(2024, 5, 15, 14, 0, 0, TimeSpan.Zero), ["AAPL"], "positive", 0.1f, 0.1f, 0.8f);
        await AggregationTestData.AddModelAsync(_dataSource, "late");
        await AggregationTestData.AddScoredPostsAsync(_dataSource, "late", [early]);
        await Aggregator().RunAsync(new AggregationRequest(ModelId: "late"), CancellationToken.None);

        var late = new TestPost("late-2", new DateTimeOffset(2024, 5, 15, 15, 0, 0, TimeSpan.Zero), ["AAPL"], "negative", 0.8f, 0.1f, 0.1f);
        await AggregationTestData.AddScoredPostsAsync(_dataSource, "late", [late]);
        await Aggregator().RunAsync(new AggregationRequest(day, day, "late"), CancellationToken.None);

        var row = (await AggregationTestData.ReadRowsAsync(_dataSource, "late")).Single(r => r.Symbol == "AAPL");
        Assert.Equal((1, 1, 2), (row.NPos, row.NNeg, row.NTotal));
        Assert.Equal(0.0, row.Net!.Value, Tolerance);
    }

    [Fact]
    public async Task Days_without_posts_get_zero_rows_only_on_trading_days()
    {
        // Thursday before Good Friday 2024 and the Tuesday after Easter; nothing in between.
        var posts = new[]
        {
            new TestPost("gap-1", new DateTimeOffset(2024, 3, 28, 14, 0, 0, TimeSpan.Zero), [], "neutral", 0.2f, 0.6f, 0.2f),
            new TestPost("gap-2", new DateTimeOffset(2024, 4, 2, 14, 0, 0, TimeSpan.Zero), [], "neutral", 0.2f, 0.6f, 0.2f),
        };
        await AggregationTestData.AddModelAsync(_dataSource, "gaps");
        await AggregationTestData.AddScoredPostsAsync(_dataSource, "gaps", posts);

        await Aggregator().RunAsync(new AggregationRequest(ModelId: "gaps"), CancellationToken.None);

        var rows = await AggregationTestData.ReadRowsAsync(_dataSource, "gaps");
        Assert.Equal(
            [new DateOnly(2024, 3, 28), new DateOnly(2024, 4, 1), new DateOnly(2024, 4, 2)],
            rows.Select(r => r.TradingDay));
        var monday = rows[1];
        Assert.Equal((0, 0, 0, 0, 0.0), (monday.NPos, monday.NNeu, monday.NNeg, monday.NTotal, monday.Bullishness));
        Assert.Null(monday.Net);
        Assert.Null(monday.MeanPPos);
    }

    [Fact]
    public async Task Model_without_scores_is_an_error_not_an_empty_success()
    {
        await AggregationTestData.AddModelAsync(_dataSource, "unscored");

        var error = await Assert.ThrowsAsync<AggregationException>(
            () => Aggregator().RunAsync(new AggregationRequest(ModelId: "unscored"), CancellationToken.None));

        Assert.Contains("'unscored' has no scores", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<AggregationException>(
            () => Aggregator().RunAsync(new AggregationRequest(ModelId: "no-such-model"), CancellationToken.None));
    }

    [Fact]
    public async Task Model_with_labels_other_than_negative_neutral_positive_is_refused()
    {
        await AggregationTestData.AddModelAsync(_dataSource, "stocktwits", "Bearish", "Bullish");
        await AggregationTestData.AddScoredPostsAsync(_dataSource, "stocktwits",
            [new TestPost("st-1", new DateTimeOffset(2024, 5, 15, 14, 0, 0, TimeSpan.Zero), [], "Bullish", 0.1f, 0f, 0.9f)]);

        var error = await Assert.ThrowsAsync<AggregationException>(
            () => Aggregator().RunAsync(new AggregationRequest(ModelId: "stocktwits"), CancellationToken.None));

        Assert.Contains("Bearish, Bullish", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calendar_table_matches_the_core_calendar()
    {
        var store = new AggregationStore(_dataSource, TimeSpan.FromMinutes(1), 64);
        await store.SyncCalendarAsync(Calendar, CancellationToken.None);
        var again = await store.SyncCalendarAsync(Calendar, CancellationToken.None);

        await using var command = _dataSource.CreateCommand(
            """
            SELECT count(*) FILTER (WHERE is_trading_day), count(*),
                   (SELECT close_at FROM sf.trading_calendar WHERE day = '2024-11-29'),
                   (SELECT closed_for FROM sf.trading_calendar WHERE day = '2024-03-29')
            FROM sf.trading_calendar
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var all = Calendar.Days(NasdaqCalendar.FirstDay, NasdaqCalendar.LastDay);
        Assert.Equal(0, again);
        Assert.Equal(all.Count(d => d.IsTradingDay), reader.GetInt64(0));
        Assert.Equal(all.Count, reader.GetInt64(1));
        Assert.Equal(new DateTimeOffset(2024, 11, 29, 18, 0, 0, TimeSpan.Zero), reader.GetFieldValue<DateTimeOffset>(2));
        Assert.Equal("Good Friday", reader.GetString(3));
    }

    /// <summary>
    /// Posts from mid-February to mid-April 2024 (DST start, Good Friday), a fifth of them within a minute of a
    /// close; 0-3 distinct symbols; labels in mixed case.
    /// </summary>
    private static List<TestPost> RandomPosts(int seed, int count, string prefix)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2024, 2, 20, 0, 0, 0, TimeSpan.Zero);
        var closes = Calendar.Days(new DateOnly(2024, 2, 20), new DateOnly(2024, 4, 12))
            .Where(d => d.IsTradingDay).Select(d => d.CloseUtc!.Value).ToArray();
        string[] symbols = ["AAPL", "MSFT", "NVDA", "TSLA", "AMZN"];
        string[] labels = ["positive", "Positive", "neutral", "NEUTRAL", "negative", "Negative"];
        var posts = new List<TestPost>(count);
        for (var i = 0; i < count; i++)
        {
            var at = random.Next(5) == 0
                ? closes[random.Next(closes.Length)].AddSeconds(random.Next(-60, 60))
                : start.AddSeconds(random.Next(0, 52 * 24 * 3600));
            var probabilities = new[] { random.NextSingle(), random.NextSingle(), random.NextSingle() };
            var sum = probabilities.Sum();
            posts.Add(new TestPost(
                $"{prefix}-{i}",
                at,
                symbols.OrderBy(_ => random.Next()).Take(random.Next(4)).ToArray(),
                labels[random.Next(labels.Length)],
                probabilities[0] / sum,
                probabilities[1] / sum,
                probabilities[2] / sum));
        }

        return posts;
    }
}
