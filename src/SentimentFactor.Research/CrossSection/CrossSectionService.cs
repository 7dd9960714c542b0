using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using SentimentFactor.Research.Reports;
using SentimentFactor.Storage.Research;

namespace SentimentFactor.Research.CrossSection;

/// <summary>
/// One `sf crosssection` run end to end: resolve the model and the symbols, read each symbol's sentiment and bars,
/// run every estimator, store the run in sf.crosssection_runs, write the report folder &lt;ReportDirectory&gt;/cs-&lt;run_id&gt;/.
/// </summary>
/// <param name="reportFolders">Where report folders go.</param>
/// <param name="logger">The service's own log category.</param>
public sealed class CrossSectionService(ReportFolders reportFolders, ILogger<CrossSectionService> logger)
{
    /// <summary>Runs <paramref name="spec"/> on the database behind <paramref name="dataSource"/>.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="spec">What to estimate (a null ModelId picks the most recent model with a panel).</param>
    /// <param name="writeReport">Whether to write the report folder.</param>
    /// <param name="reportDirectory">Parent of the run folders; null = Research:ReportDirectory (relative to the repository).</param>
    /// <param name="cancellationToken">Stops the run; nothing is stored when cancelled before the insert.</param>
    /// <exception cref="ResearchException">No model with a panel, too few symbols or days, a bad spec.</exception>
    public async Task<CrossSectionRun> RunAsync(
        NpgsqlDataSource dataSource, CrossSectionSpec spec, bool writeReport, string? reportDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(spec);
        var stopwatch = Stopwatch.StartNew();
        _ = spec.FactorKind; // a bad factor name fails before any I/O
        var panel = new PanelStore(dataSource);
        var model = await ResolveModelAsync(panel, new FactorSeriesStore(dataSource), spec, cancellationToken);
        spec = spec with { ModelId = model.ModelId };
        var available = await panel.SymbolsAsync(model.ModelId, cancellationToken);
        var symbols = spec.Symbols.Count == 0 ? available : spec.Symbols.Where(available.Contains).ToList();
        var missing = spec.Symbols.Except(available, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw ResearchException.SymbolsWithoutPanel(missing, model.ModelId);
        }

        var sentiment = await panel.ReadSentimentAsync(model.ModelId, symbols, cancellationToken);
        var bars = await panel.ReadBarsAsync(symbols, cancellationToken);
        var results = CrossSectionAnalysis.Run(spec, model, sentiment, bars);
        var (runId, createdAt) = await panel.InsertRunAsync(new NewCrossSectionRun(
            model.ModelId, results.Factor, results.Horizon, results.Symbols.Count, results.FirstDay, results.LastDay, results.Coverage.SymbolDays,
            JsonSerializer.Serialize(spec, ResearchJson.Compact), JsonSerializer.Serialize(results, ResearchJson.Compact), results.CodeVersion), cancellationToken);

        string? reportPath = null;
        if (writeReport)
        {
            reportPath = await CrossSectionReport.WriteAsync(
                reportFolders.For(reportDirectory, "cs-" + runId.ToString(CultureInfo.InvariantCulture)),
                runId, spec, results, createdAt, cancellationToken);
        }

        Log.CrossSectionFinished(logger, runId, model.ModelId, results.Factor, results.Horizon, results.Symbols.Count,
            results.Coverage.SymbolDays, stopwatch.ElapsedMilliseconds);
        return new CrossSectionRun(runId, createdAt, spec, results, reportPath);
    }

    private static async Task<RegressionModelInfo> ResolveModelAsync(PanelStore panel, FactorSeriesStore factorSeries, CrossSectionSpec spec, CancellationToken cancellationToken)
    {
        if (spec.ModelId is null)
        {
            return await panel.LatestModelWithPanelAsync(cancellationToken) ?? throw ResearchException.NoPanel();
        }

        return await ModelLookup.ByIdOrPrefixAsync(factorSeries, spec.ModelId, cancellationToken);
    }
}
