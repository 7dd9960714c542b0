using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using SentimentFactor.Core.Calendar;
using SentimentFactor.Research.CrossSection;
using SentimentFactor.Research.Reports;
using SentimentFactor.Storage.Aggregation;
using SentimentFactor.Storage.Research;
using SentimentFactor.Testing;

namespace SentimentFactor.Research.Tests.CrossSection;

/// <summary>
/// `sf crosssection` against the real PostgreSQL: a seeded panel with a planted effect and a missing bar, the run
/// stored and reported, and the SQL library's daily IC (run as sf_reader) equal to the C# one.
/// </summary>
public sealed class CrossSectionServiceTests : IClassFixture<PostgresFixture>, IAsyncLifetime, IDisposable
{
    private const string ModelId = "cross-section-test";
    private static readonly string[] Symbols = ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG"];

    private readonly PostgresFixture _database;
    private readonly string _reports = Path.Combine(Path.GetTempPath(), "sf-cs-reports-" + Guid.NewGuid().ToString("N"));

    public CrossSectionServiceTests(PostgresFixture database)
    {
        _database = database;
    }

    public async Task InitializeAsync()
    {
        await new AggregationStore(_database.DataSource, TimeSpan.FromMinutes(1), 64).SyncCalendarAsync(NasdaqCalendar.Instance, CancellationToken.None);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM sf.models WHERE model_id = @ModelId)", new { ModelId }))
        {
            return;
        }

        await connection.ExecuteAsync("""
            INSERT INTO sf.models (model_id, name, kind, labels) VALUES (@ModelId, 'cs-test', 'lexicon', ARRAY['negative', 'neutral', 'positive'])
            """, new { ModelId });
        var random = new Random(5);
        var days = NasdaqCalendar.Instance.TradingDays(new DateOnly(2024, 1, 2), new DateOnly(2024, 6, 28));
        foreach (var symbol in Symbols)
        {
            var price = 100.0;
            double previous = 0;
            foreach (var day in days)
            {
                var positive = random.Next(0, 8);
                var negative = random.Next(0, 8);
                var total = positive + negative + random.Next(0, 4);
                var bullishness = Math.Log((1.0 + positive) / (1.0 + negative));
                price *= Math.Exp((0.004 * previous) + (0.01 * Statistics.Synthetic.StandardNormal(random)));
                previous = bullishness;
                // BBB misses one bar: no return across it, in C# and SQL alike.
                if (!(symbol == "BBB" && day == new DateOnly(2024, 3, 14)))
                {
                    await connection.ExecuteAsync(
                        "INSERT INTO sf.market_bars (symbol, day, close, adj_close) VALUES (@Symbol, @Day, @Close, @Close)",
                        new { Symbol = symbol, Day = day.ToDateTime(TimeOnly.MinValue), Close = price });
                }

                await connection.ExecuteAsync("""
                    INSERT INTO sf.daily_sentiment (model_id, symbol, trading_day, n_pos, n_neu, n_neg, n_total, bullishness, net)
                    VALUES (@ModelId, @Symbol, @Day, @Positive, @Total - @Positive - @Negative, @Negative, @Total, @Bullishness,
                            CASE WHEN @Total > 0 THEN (@Positive - @Negative)::double precision / @Total END)
                    """, new { ModelId, Symbol = symbol, Day = day.ToDateTime(TimeOnly.MinValue), Positive = positive, Negative = negative, Total = total, Bullishness = bullishness });
            }
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        if (Directory.Exists(_reports))
        {
            Directory.Delete(_reports, recursive: true);
        }
    }

    private static CrossSectionService Service() => new(
        new ReportFolders(Options.Create(new ResearchOptions()), new HostingEnvironment { ContentRootPath = Path.GetTempPath() }),
        NullLogger<CrossSectionService>.Instance);

    [Fact]
    public async Task A_run_finds_the_planted_effect_is_stored_and_writes_the_report_with_three_plots()
    {
        var run = await Service().RunAsync(
            _database.DataSource, new CrossSectionSpec { MinPostsPerDay = 2, FixedEffects = true }, writeReport: true, _reports, CancellationToken.None);

        var r = run.Results;
        Assert.Equal(Symbols, r.Symbols);
        Assert.True(r.Ic.MeanIc > 0 && r.Ic.Test.HacPValue < 0.05, $"mean IC {r.Ic.MeanIc}, p {r.Ic.Test.HacPValue}");
        Assert.Equal(10, r.IcDecay.Count);
        Assert.NotNull(r.FixedEffects);
        Assert.True(r.Coverage.DroppedByMinPosts > 0);
        Assert.Equal(r.Coverage.SymbolDaysWithPosts - r.Coverage.DroppedByMinPosts - r.Coverage.WithoutReturn, r.Coverage.SymbolDays);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var stored = await connection.QuerySingleAsync<(long Observations, int Symbols, string Results)>(
            "SELECT observations::bigint, symbols, results::text FROM sf.crosssection_runs WHERE run_id = @RunId", new { run.RunId });
        Assert.Equal(r.Coverage.SymbolDays, stored.Observations);
        Assert.Equal(Symbols.Length, stored.Symbols);
        using var json = JsonDocument.Parse(stored.Results);
        Assert.Equal(r.Ic.MeanIc, json.RootElement.GetProperty("ic").GetProperty("mean_ic").GetDouble(), 1e-15);
        var folder = Path.GetDirectoryName(run.ReportPath)!;
        Assert.Equal(
            ["ic_decay.png", "ic_series.png", "quantile_returns.png", "report.md"],
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("two-way", await File.ReadAllTextAsync(run.ReportPath!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bullishness", 1, 1)]
    [InlineData("net", 3, 2)]
    [InlineData("log_volume", 1, 5)]
    public async Task The_sql_daily_ic_run_by_sf_reader_equals_the_csharp_one(string factor, int horizon, int minPosts)
    {
        var spec = new CrossSectionSpec { Factor = factor, Horizon = horizon, MinPostsPerDay = minPosts, MinSymbolsPerDay = 4 };
        var sentiment = await new PanelStore(_database.DataSource).ReadSentimentAsync(ModelId, Symbols, CancellationToken.None);
        var bars = await new PanelStore(_database.DataSource).ReadBarsAsync(Symbols, CancellationToken.None);
        var csharp = InformationCoefficient.Daily(CrossSectionPanel.Build(spec, sentiment, bars).Observations(horizon), 4);

        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("SET ROLE sf_reader");
        var sql = (await connection.QueryAsync<(DateTime Day, int Symbols, double Ic)>(
            "SELECT trading_day::timestamp, n_symbols, ic FROM sf.daily_ic(@ModelId, @Factor, @Horizon, @MinPosts, 4)",
            new { ModelId, Factor = factor, Horizon = horizon, MinPosts = minPosts })).ToList();

        Assert.True(csharp.Count > 50);
        Assert.Equal(csharp.Select(d => d.Day), sql.Select(d => DateOnly.FromDateTime(d.Day)));
        Assert.Equal(csharp.Select(d => d.Symbols), sql.Select(d => d.Symbols));
        Assert.All(csharp.Zip(sql), p => Assert.Equal(p.First.Ic, p.Second.Ic, 1e-12));
    }

    [Fact]
    public async Task A_symbol_without_bars_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<ResearchException>(() => Service().RunAsync(
            _database.DataSource, new CrossSectionSpec { Symbols = ["AAA", "ZZZ"] }, writeReport: false, null, CancellationToken.None));
        Assert.StartsWith("Symbol(s) ZZZ have no daily sentiment of model", error.Message, StringComparison.Ordinal);
    }
}
