using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SentimentFactor.Storage.Research;

namespace SentimentFactor.Research.CrossSection;

/// <summary>
/// One `sf crosssection` run end to end: resolve the model and the symbols, read each symbol's sentiment and bars,
/// run every estimator, store the run in sf.crosssection_runs, write the report folder &lt;ReportDirectory&gt;/cs-&lt;run_id&gt;/.
/// </summary>
public sealed class CrossSectionService
{
    private readonly PanelStore _panel;
    private readonly FactorSeriesStore _factors;
    private readonly IOptions<ResearchOptions> _options;
    private readonly IHostEnvironment _environment;
    private readonly ILogger<CrossSectionService> _logger;

    /// <summary>Creates the service.</summary>
    public CrossSectionService(
        PanelStore panel, FactorSeriesStore factors, IOptions<ResearchOptions> options, IHostEnvironment environment, ILogger<CrossSectionService> logger)
    {
        _panel = panel;
        _factors = factors;
        _options = options;
        _environment = environment;
        _logger = logger;
    }

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
        var model = await ResolveModelAsync(dataSource, spec, cancellationToken);
        spec = spec with { ModelId = model.ModelId };
        var available = await _panel.SymbolsAsync(dataSource, model.ModelId, cancellationToken);
        var symbols = spec.Symbols.Count == 0 ? available : spec.Symbols.Where(available.Contains).ToList();
        var missing = spec.Symbols.Except(available, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw ResearchException.SymbolsWithoutPanel(missing, model.ModelId);
        }

        var sentiment = await _panel.ReadSentimentAsync(dataSource, model.ModelId, symbols, cancellationToken);
        var bars = await _panel.ReadBarsAsync(dataSource, symbols, cancellationToken);
        var results = CrossSectionAnalysis.Run(spec, model, sentiment, bars);
        var (runId, createdAt) = await _panel.InsertRunAsync(dataSource, new NewCrossSectionRun(
            model.ModelId, results.Factor, results.Horizon, results.Symbols.Count, results.FirstDay, results.LastDay, results.Coverage.SymbolDays,
            JsonSerializer.Serialize(spec, ResearchJson.Compact), JsonSerializer.Serialize(results, ResearchJson.Compact), results.CodeVersion), cancellationToken);

        string? reportPath = null;
        if (writeReport)
        {
            var parent = reportDirectory ?? _options.Value.ReportDirectory;
            reportPath = await CrossSectionReport.WriteAsync(
                Path.Combine(Path.GetFullPath(parent, _environment.ContentRootPath), "cs-" + runId.ToString(CultureInfo.InvariantCulture)),
                runId, spec, results, createdAt, cancellationToken);
        }

        Log.CrossSectionFinished(_logger, runId, model.ModelId, results.Factor, results.Horizon, results.Symbols.Count,
            results.Coverage.SymbolDays, stopwatch.ElapsedMilliseconds);
        return new CrossSectionRun(runId, createdAt, spec, results, reportPath);
    }

    private async Task<RegressionModelInfo> ResolveModelAsync(NpgsqlDataSource dataSource, CrossSectionSpec spec, CancellationToken cancellationToken)
    {
        if (spec.ModelId is null)
        {
            return await _panel.LatestModelWithPanelAsync(dataSource, cancellationToken) ?? throw ResearchException.NoPanel();
        }

        var matches = await _factors.ModelsByIdPrefixAsync(dataSource, spec.ModelId, cancellationToken);
        return matches.Count switch
        {
            0 => throw ResearchException.UnknownModel(spec.ModelId),
            1 => matches[0],
            _ when matches[0].ModelId == spec.ModelId => matches[0],
            _ => throw ResearchException.AmbiguousModel(spec.ModelId, matches.Select(m => m.ModelId)),
        };
    }
}
