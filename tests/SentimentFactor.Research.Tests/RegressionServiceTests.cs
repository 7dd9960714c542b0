using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using SentimentFactor.Research.Reports;
using SentimentFactor.Storage.Research;
using SentimentFactor.Testing;

namespace SentimentFactor.Research.Tests;

/// <summary>The whole run against the real PostgreSQL: seeded rows in, a sf.regression_runs row and a report out.</summary>
public sealed class RegressionServiceTests : IClassFixture<PostgresFixture>, IDisposable
{
    private const string ModelId = "5f1e0c2a9b7d4e3f8a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f";

    private readonly PostgresFixture _database;
    private readonly string _reports = Path.Combine(Path.GetTempPath(), "sf-reports-" + Guid.NewGuid().ToString("N"));

    public RegressionServiceTests(PostgresFixture database)
    {
        _database = database;
    }

    public void Dispose()
    {
        if (Directory.Exists(_reports))
        {
            Directory.Delete(_reports, recursive: true);
        }
    }

    private static RegressionService Service() => new(
        new ReportFolders(Options.Create(new ResearchOptions()), new HostingEnvironment { ContentRootPath = Path.GetTempPath() }),
        NullLogger<RegressionService>.Instance);

    private static async Task SeedAsync(NpgsqlDataSource dataSource, List<FactorSeriesRow> rows)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO sf.models (model_id, name, kind, labels) VALUES (@ModelId, 'lexicon-test', 'lexicon', ARRAY['negative', 'neutral', 'positive'])
            ON CONFLICT DO NOTHING
            """, new { ModelId });
        await connection.ExecuteAsync("""
            INSERT INTO sf.market_bars (symbol, day, close, adj_close) VALUES ('^IXIC', @Day, @Close, @AdjClose)
            ON CONFLICT (symbol, day) DO UPDATE SET close = excluded.close, adj_close = excluded.adj_close
            """, rows.Select(r => new { Day = r.Day.ToDateTime(TimeOnly.MinValue), r.Close, r.AdjClose }));
        // The last day has sentiment but (like an unloaded bar) no benchmark bar: the run must say so.
        var unloaded = rows[^1].Day.AddDays(3).ToDateTime(TimeOnly.MinValue);
        var sentiment = rows.Select(r => (Symbol: "*", Day: r.Day.ToDateTime(TimeOnly.MinValue), r.NPos, r.NNeu, r.NNeg, r.NTotal, r.Bullishness))
            .Append((Symbol: "*", Day: unloaded, NPos: (int?)10, NNeu: (int?)5, NNeg: (int?)5, NTotal: (int?)20, Bullishness: (double?)Math.Log(11.0 / 6.0)))
            // Another symbol's rows on days without a bar are not the regressed symbol's days: the note must not count them.
            .Append((Symbol: "AAPL", Day: unloaded, NPos: (int?)3, NNeu: (int?)1, NNeg: (int?)1, NTotal: (int?)5, Bullishness: (double?)Math.Log(4.0 / 2.0)))
            .Append((Symbol: "AAPL", Day: unloaded.AddDays(7), NPos: (int?)3, NNeu: (int?)1, NNeg: (int?)1, NTotal: (int?)5, Bullishness: (double?)Math.Log(4.0 / 2.0)));
        await connection.ExecuteAsync("""
            INSERT INTO sf.daily_sentiment (model_id, symbol, trading_day, n_pos, n_neu, n_neg, n_total, bullishness, net)
            VALUES (@ModelId, @Symbol, @Day, @NPos, @NNeu, @NNeg, @NTotal, @Bullishness, (@NPos - @NNeg)::double precision / @NTotal)
            ON CONFLICT (model_id, symbol, trading_day) DO NOTHING
            """, sentiment.Select(s => new { ModelId, s.Symbol, s.Day, s.NPos, s.NNeu, s.NNeg, s.NTotal, s.Bullishness }));
    }

    [Fact]
    public async Task Run_reads_the_seeded_series_stores_the_run_and_writes_the_report()
    {
        var rows = SyntheticFactorSeries.Create(21, 160, beta: 0.01);
        await SeedAsync(_database.DataSource, rows);
        var spec = new ResearchOptions { Factors = "bullishness,log_volume", ReturnLags = 1 }.ToSpec("^IXIC");

        var run = await Service().RunAsync(_database.DataSource, spec, writeReport: true, _reports, CancellationToken.None);

        Assert.Equal(ModelId, run.Spec.ModelId); // resolved: the only model with rows
        Assert.Equal(158, run.Results.Observations); // day 0 lacks r[t], the last bar lacks r[t+1]
        Assert.Equal(rows[1].Day, run.Results.FirstDay);
        Assert.Contains(run.Results.Notes, n => n.StartsWith("1 sentiment day(s) of symbol * have no ^IXIC bar", StringComparison.Ordinal));
        var stored = await new RegressionRunStore(_database.DataSource).GetAsync(run.RunId, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(ModelId, stored.ModelId);
        Assert.Equal("^IXIC", stored.Benchmark);
        Assert.Equal(rows[1].Day, stored.FirstDay);
        Assert.Equal(rows[^2].Day, stored.LastDay);
        Assert.Equal(158, stored.Observations);
        Assert.Equal(RegressionAnalysis.CodeVersion, stored.CodeVersion);
        using var results = JsonDocument.Parse(stored.ResultsJson);
        var bullishness = results.RootElement.GetProperty("ols").GetProperty("coefficients")[1];
        Assert.Equal("bullishness", bullishness.GetProperty("name").GetString());
        Assert.Equal(run.Results.Ols["bullishness"].Estimate, bullishness.GetProperty("estimate").GetDouble(), 1e-15);
        using var specJson = JsonDocument.Parse(stored.SpecJson);
        Assert.Equal(1, specJson.RootElement.GetProperty("return_lags").GetInt32());

        Assert.NotNull(run.ReportPath);
        Assert.Equal(Path.Combine(_reports, run.RunId.ToString(System.Globalization.CultureInfo.InvariantCulture), "report.md"), run.ReportPath);
        Assert.True(new FileInfo(run.ReportPath).Length > 1_000);
        Assert.Equal(4, Directory.GetFiles(Path.GetDirectoryName(run.ReportPath)!).Length);
    }

    [Fact]
    public async Task A_symbol_without_sentiment_rows_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<ResearchException>(() => Service().RunAsync(
            _database.DataSource, new ResearchOptions { Symbol = "ZZZZ" }.ToSpec("^IXIC"), writeReport: false, null, CancellationToken.None));
        Assert.StartsWith("No model has rows in sf.daily_sentiment for symbol 'ZZZZ'.", error.Message);
    }

    [Fact]
    public async Task A_benchmark_without_bars_names_the_command_that_loads_them()
    {
        await using (var connection = await _database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                INSERT INTO sf.models (model_id, name, kind, labels) VALUES (@ModelId, 'lexicon-test', 'lexicon', ARRAY['negative', 'neutral', 'positive'])
                ON CONFLICT DO NOTHING;
                INSERT INTO sf.daily_sentiment (model_id, symbol, trading_day, n_pos, n_neu, n_neg, n_total, bullishness, net)
                VALUES (@ModelId, 'NOBARSYM', '2024-03-04', 1, 0, 0, 1, ln(2), 1) ON CONFLICT DO NOTHING;
                """, new { ModelId });
        }

        var error = await Assert.ThrowsAsync<ResearchException>(() => Service().RunAsync(
            _database.DataSource, new ResearchOptions { Symbol = "NOBARSYM" }.ToSpec("^NOBARS"), writeReport: false, null, CancellationToken.None));
        Assert.Equal("No bars for benchmark '^NOBARS' in sf.market_bars. Load market data first ('sf ingest bars') or set --benchmark / Market:Benchmark.", error.Message);
    }

    [Fact]
    public async Task An_unknown_model_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<ResearchException>(() => Service().RunAsync(
            _database.DataSource, new ResearchOptions { ModelId = "feedface" }.ToSpec("^IXIC"), writeReport: false, null, CancellationToken.None));
        Assert.StartsWith("No model 'feedface' in sf.models.", error.Message);
    }
}
