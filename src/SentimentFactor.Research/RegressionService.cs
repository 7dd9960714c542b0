using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using SentimentFactor.Research.Reports;
using SentimentFactor.Storage.Research;

namespace SentimentFactor.Research;

/// <summary>
/// One `sf regress` run end to end: resolve the model, read its factor series with the benchmark, run every
/// estimator, store the run in sf.regression_runs, write the report folder &lt;ReportDirectory&gt;/&lt;run_id&gt;/.
/// </summary>
/// <param name="reportFolders">Where report folders go.</param>
/// <param name="logger">The service's own log category.</param>
public sealed class RegressionService(ReportFolders reportFolders, ILogger<RegressionService> logger)
{
    /// <summary>Runs <paramref name="spec"/> on the database behind <paramref name="dataSource"/>.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="spec">What to estimate (a null ModelId picks the most recent model with rows).</param>
    /// <param name="writeReport">Whether to write the report folder.</param>
    /// <param name="reportDirectory">Parent of the run folders; null = Research:ReportDirectory. A relative path is taken
    /// relative to the content root (the repository), as Database:DataDirectory is.</param>
    /// <param name="cancellationToken">Stops the run; nothing is stored when cancelled before the insert.</param>
    /// <exception cref="ResearchException">No model or bars, too few observations, a degenerate design.</exception>
    public async Task<RegressionRun> RunAsync(
        NpgsqlDataSource dataSource, RegressionSpec spec, bool writeReport, string? reportDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(spec);
        var stopwatch = Stopwatch.StartNew();
        _ = spec.FactorKinds; // a bad factor name fails before any I/O
        var factorSeries = new FactorSeriesStore(dataSource);
        var model = await ResolveModelAsync(factorSeries, spec, cancellationToken);
        spec = spec with { ModelId = model.ModelId };
        var rows = await factorSeries.ReadAsync(model.ModelId, spec.Symbol, spec.Benchmark, cancellationToken);
        if (rows.Count == 0)
        {
            throw ResearchException.NoBenchmarkBars(spec.Benchmark);
        }

        var daysWithSentiment = rows.Count(r => r.NTotal is not null);
        Log.SeriesRead(logger, rows.Count, model.ModelId, daysWithSentiment);
        var (results, data) = RegressionAnalysis.Analyze(spec, model, rows);
        var withoutBar = await factorSeries.FactorDaysWithoutBarAsync(
            model.ModelId, spec.Symbol, spec.Benchmark, spec.MinPostsPerDay, spec.From, spec.To, cancellationToken);
        if (withoutBar > 0)
        {
            results = results with
            {
                Notes = [.. results.Notes, string.Create(CultureInfo.InvariantCulture, $"{withoutBar} sentiment day(s) of symbol {spec.Symbol} have no {spec.Benchmark} bar and were left out; load the missing bars to use them.")],
            };
        }

        var (runId, createdAt) = await new RegressionRunStore(dataSource).InsertAsync(new NewRegressionRun(
            model.ModelId,
            JsonSerializer.Serialize(spec, ResearchJson.Compact),
            JsonSerializer.Serialize(results, ResearchJson.Compact),
            spec.Benchmark, results.FirstDay, results.LastDay, results.Observations, results.CodeVersion), cancellationToken);
        foreach (var note in results.Notes)
        {
            Log.PartNotEstimable(logger, runId, note);
        }

        string? reportPath = null;
        if (writeReport)
        {
            reportPath = await ReportWriter.WriteAsync(
                reportFolders.For(reportDirectory, runId.ToString(CultureInfo.InvariantCulture)),
                runId, spec, results, data, createdAt, cancellationToken);
            Log.ReportWritten(logger, runId, reportPath);
        }

        var factors = string.Join(',', spec.Factors);
        Log.RunFinished(logger, runId, model.ModelId, spec.Benchmark, factors, spec.Horizon,
            results.Observations, results.FirstDay, results.LastDay, stopwatch.ElapsedMilliseconds);
        return new RegressionRun(runId, createdAt, spec, results, reportPath);
    }

    /// <summary>The daily bullishness of <paramref name="modelId"/> for <paramref name="symbol"/> ("*" = all posts), in day order.</summary>
    public Task<IReadOnlyList<(DateOnly Day, double Bullishness)>> DailyBullishnessAsync(
        NpgsqlDataSource dataSource, string modelId, string symbol, CancellationToken cancellationToken) =>
        new FactorSeriesStore(dataSource).DailyBullishnessAsync(modelId, symbol, cancellationToken);

    private static async Task<RegressionModelInfo> ResolveModelAsync(FactorSeriesStore factorSeries, RegressionSpec spec, CancellationToken cancellationToken)
    {
        if (spec.ModelId is null)
        {
            return await factorSeries.LatestModelWithFactorAsync(spec.Symbol, cancellationToken)
                ?? throw ResearchException.NoModelWithFactor(spec.Symbol);
        }

        var model = await ModelLookup.ByIdOrPrefixAsync(factorSeries, spec.ModelId, cancellationToken);
        return await factorSeries.HasFactorRowsAsync(model.ModelId, spec.Symbol, cancellationToken)
            ? model
            : throw ResearchException.ModelHasNoFactor(model.ModelId, spec.Symbol);
    }
}
