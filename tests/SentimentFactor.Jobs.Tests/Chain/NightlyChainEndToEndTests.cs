using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SentimentFactor.Core.Calendar;
using SentimentFactor.Jobs.Chain;
using SentimentFactor.Scoring.Tests;
using SentimentFactor.Testing;
using SentimentFactor.Testing.Fakes;

namespace SentimentFactor.Jobs.Tests.Chain;

public sealed class NightlyChainEndToEndTests(PostgresFixture database) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private const int FilePosts = 180;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sf-jobs-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FakeXApiServer _x = new(TimeProvider.System);
    private readonly FakeStockTwitsServer _stockTwits = new(TimeProvider.System);
    private readonly FakeBarsServer _bars = new(TimeProvider.System);

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "drop"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _x.DisposeAsync();
        await _stockTwits.DisposeAsync();
        await _bars.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Chain_ingests_every_source_scores_aggregates_and_regresses_then_a_rerun_adds_nothing()
    {
        var days = TradingDays(new DateOnly(2024, 1, 2), 60);
        WritePostFile(Path.Combine(_folder, "drop", "posts.jsonl"), days);
        _bars.SetCsv("^ixic", BarsCsv(days));
        var now = DateTimeOffset.UtcNow;
        _x.AddTweet(1_000_001, now.AddMinutes(-30), "$AAPL great quarter");
        _x.AddTweet(1_000_002, now.AddMinutes(-20), "$MSFT terrible guidance");
        _stockTwits.AddMessage("AAPL", 5_000_001, now.AddMinutes(-10), "$AAPL love it", "Bullish");
        var token = Environment.GetEnvironmentVariable("SF_X_BEARER_TOKEN");
        Environment.SetEnvironmentVariable("SF_X_BEARER_TOKEN", _x.BearerToken);
        try
        {
            var first = await JobsTestHost.RunOnceAsync(Builder());

            Assert.True(first.Status == ChainStatus.Succeeded, first.Error);
            Assert.Equal(["ingest:succeeded", "score:succeeded", "aggregate:succeeded", "regress:succeeded"], first.Stages.Select(s => $"{s.Stage}:{s.Status}"));
            Assert.Equal(FilePosts + 3L, first.Stages[0].Counts["posts"]);
            Assert.Equal(4, first.Stages[0].Counts["sources_ok"]);
            Assert.Equal(FilePosts + 3L, first.Stages[1].Counts["posts"]);
            Assert.True(File.Exists(Path.Combine(_folder, "drop", "done", "posts.jsonl")), "a loaded file moves to done/");

            await using var connection = await database.DataSource.OpenConnectionAsync();
            Assert.Equal(FilePosts + 3L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sf.post_scores"));
            Assert.True(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sf.daily_sentiment WHERE symbol = '*'") >= days.Count);
            Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sf.regression_runs"));
            var runs = (await connection.QueryAsync<(string Job, string Status)>(
                "SELECT job, status FROM sf.job_runs WHERE finished_at IS NOT NULL ORDER BY job_run_id")).ToList();
            Assert.Equal(
                [("nightly", "succeeded"), ("nightly.ingest", "succeeded"), ("nightly.score", "succeeded"), ("nightly.aggregate", "succeeded"), ("nightly.regress", "succeeded")],
                runs);

            var second = await JobsTestHost.RunOnceAsync(Builder());

            Assert.Equal(ChainStatus.Succeeded, second.Status);
            Assert.Equal(0L, second.Stages[0].Counts["posts"]);
            Assert.Equal(0L, second.Stages[1].Counts["posts"]);
            // The second night starts where the first one's aggregation ended, not from the first day.
            Assert.Equal(first.Stages[2].Counts["to"], second.Stages[2].Counts["from"]);

            // A late file with posts of an old day: the next night recomputes from that day.
            var late = days[10];
            File.WriteAllText(
                Path.Combine(_folder, "drop", "late.jsonl"),
                $$"""{"id":"late1","created_at":"{{late:yyyy-MM-dd}}T15:00:00Z","text":"$AAPL late news, great","author_id":"z","lang":"en"}""" + "\n");
            var third = await JobsTestHost.RunOnceAsync(Builder());

            Assert.Equal(ChainStatus.Succeeded, third.Status);
            Assert.Equal(1L, third.Stages[1].Counts["posts"]);
            Assert.True(string.CompareOrdinal((string)third.Stages[2].Counts["from"]!, late.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) <= 0, $"from {third.Stages[2].Counts["from"]}");
            Assert.Equal(4L, await connection.ExecuteScalarAsync<long>(
                "SELECT n_total FROM sf.daily_sentiment WHERE symbol = '*' AND trading_day = CAST(@Day AS date)", new { Day = late.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }));
        }
        finally
        {
            Environment.SetEnvironmentVariable("SF_X_BEARER_TOKEN", token);
        }
    }

    [Fact]
    public async Task A_failing_source_does_not_stop_the_others_and_a_source_without_token_is_skipped()
    {
        var days = TradingDays(new DateOnly(2023, 6, 1), 3);
        // gzip magic bytes, then garbage: the file cannot be read at all.
        File.WriteAllBytes(Path.Combine(_folder, "drop", "broken.csv.gz"), [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3]);
        _stockTwits.AddMessage("TSLA", 6_000_001, DateTimeOffset.UtcNow.AddMinutes(-5), "$TSLA meh", null);
        _bars.SetCsv("^ixic", BarsCsv(days));
        var token = Environment.GetEnvironmentVariable("SF_X_BEARER_TOKEN");
        Environment.SetEnvironmentVariable("SF_X_BEARER_TOKEN", null);
        try
        {
            // ZZZZ is unknown to StockTwits (404): it fails alone, TSLA after it is still pulled.
            using var services = Builder(new() { ["Jobs:StockTwitsSymbols:0"] = "ZZZZ", ["Jobs:StockTwitsSymbols:1"] = "TSLA" }).Services.BuildServiceProvider();
            var ingest = services.GetServices<INightlyStage>().Single(s => s.Name == "ingest");

            var outcome = await ingest.RunAsync(new StageContext(database.DataSource, null, null), CancellationToken.None);

            Assert.Equal(2, outcome.Counts["sources_failed"]);
            Assert.Equal(2, outcome.Counts["sources_ok"]);
            Assert.Equal(1, outcome.Counts["sources_skipped"]);
            Assert.Equal(1L, outcome.Counts["posts"]);
            Assert.Contains("broken.csv.gz", outcome.Note, StringComparison.Ordinal);
            var bySource = Assert.IsType<SortedDictionary<string, List<string>>>(outcome.Counts["failed_by_source"]);
            Assert.Equal(["file", "stocktwits"], bySource.Keys);
            Assert.StartsWith("ZZZZ: stocktwits:", Assert.Single(bySource["stocktwits"]), StringComparison.Ordinal);
            Assert.Contains("404", bySource["stocktwits"][0], StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(_folder, "drop", "broken.csv.gz")), "a failed file stays for the next night");
        }
        finally
        {
            Environment.SetEnvironmentVariable("SF_X_BEARER_TOKEN", token);
        }
    }

    private HostApplicationBuilder Builder(Dictionary<string, string?>? extra = null)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Ingest:XBaseUrl"] = _x.BaseUrl.ToString(),
            ["Ingest:StockTwitsBaseUrl"] = _stockTwits.BaseUrl.ToString(),
            ["Ingest:BarsUrlTemplate"] = _bars.UrlTemplate,
            ["Ingest:RetryBaseDelay"] = "00:00:00.010",
            ["Ingest:MaxRetries"] = "1",
            ["Jobs:FileDropDirectory"] = Path.Combine(_folder, "drop"),
            ["Jobs:XQueries:0"] = "$AAPL OR $MSFT",
            ["Jobs:StockTwitsSymbols:0"] = "AAPL",
            ["Jobs:BarsSymbols:0"] = "^IXIC",
            ["Jobs:RetryBaseDelay"] = "00:00:00.010",
            ["Scoring:ModelPath"] = TestModels.Tiny("tiny-jobs"),
            ["Scoring:Device"] = "cpu",
            ["Research:MinObservations"] = "20",
            ["Research:OosMinTrainingDays"] = "20",
            ["Research:ReportDirectory"] = Path.Combine(_folder, "reports"),
        };
        foreach (var (key, value) in extra ?? [])
        {
            overrides[key] = value;
        }

        return JobsTestHost.CreateBuilder(database.ConnectionString, overrides);
    }

    private static List<DateOnly> TradingDays(DateOnly from, int count)
    {
        var days = new List<DateOnly>();
        for (var day = from; days.Count < count; day = day.AddDays(1))
        {
            if (NasdaqCalendar.Instance.IsTradingDay(day))
            {
                days.Add(day);
            }
        }

        return days;
    }

    private static void WritePostFile(string path, List<DateOnly> days)
    {
        string[] texts = ["$AAPL great results, love it", "$MSFT terrible guidance, selling", "$QQQ flat day", "$NVDA amazing beat, buy"];
        var lines = new StringBuilder();
        for (var i = 0; i < FilePosts; i++)
        {
            var day = days[i % days.Count];
            var at = new DateTimeOffset(day.Year, day.Month, day.Day, 14, i % 60, 0, TimeSpan.Zero);
            lines.Append(CultureInfo.InvariantCulture, $$"""{"id":"f{{i}}","created_at":"{{at:yyyy-MM-ddTHH:mm:ssZ}}","text":"{{texts[(i * 7 + i / days.Count) % texts.Length]}} {{i}}","author_id":"a{{i % 9}}","lang":"en"}""").Append('\n');
        }

        File.WriteAllText(path, lines.ToString());
    }

    private static string BarsCsv(List<DateOnly> days)
    {
        var csv = new StringBuilder("Date,Open,High,Low,Close,Volume\n");
        var close = 15_000.0;
        for (var i = 0; i < days.Count; i++)
        {
            var next = close * (1 + (((i * 37) % 11) - 5) / 1000.0);
            csv.Append(CultureInfo.InvariantCulture, $"{days[i]:yyyy-MM-dd},{close},{Math.Max(close, next) + 5},{Math.Min(close, next) - 5},{next},{1_000_000 + i}\n");
            close = next;
        }

        return csv.ToString();
    }
}
