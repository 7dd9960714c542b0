using Microsoft.Extensions.Options;
using SentimentFactor.Ingest;
using SentimentFactor.Ingest.Sweep;
using SentimentFactor.Jobs.Chain;

namespace SentimentFactor.Jobs.Stages;

/// <summary>
/// The nightly ingest step: <see cref="IngestService.SweepAsync"/> over the sources of Jobs (FileDropDirectory,
/// XQueries, StockTwitsSymbols, BarsSymbols). The stage fails only when every configured source failed; a partial
/// failure is recorded per source in the run's counts (failed_by_source) and note.
/// </summary>
public sealed class IngestStage(IngestService ingest, IOptions<JobsOptions> options) : INightlyStage
{
    /// <summary>The stage's name.</summary>
    public const string StageName = "ingest";

    /// <inheritdoc />
    public string Name => StageName;

    /// <inheritdoc />
    public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = options.Value;
        var request = new IngestSweepRequest(
            JobsOptions.Section, settings.FileDropDirectory, settings.FileSource, settings.XQueries, settings.StockTwitsSymbols, settings.BarsSymbols);
        var result = await ingest.SweepAsync(context.DataSource, request, cancellationToken);

        var outcome = new StageOutcome();
        if (result.Files is { } files)
        {
            outcome.Counts["files"] = files;
        }

        outcome.Counts["sources_ok"] = result.Succeeded;
        outcome.Counts["sources_failed"] = result.Failed;
        outcome.Counts["sources_skipped"] = result.Skipped;
        outcome.Counts["posts"] = result.Accepted;
        outcome.Counts["duplicates"] = result.Duplicates;
        outcome.Counts["rejected"] = result.Rejected;
        outcome.Counts["bars"] = result.Bars;
        if (result.FailedBySource.Count > 0)
        {
            // The partial failure per source (x, stocktwits, file, bars): which query, symbol or file, and why.
            outcome.Counts["failed_by_source"] = result.FailedBySource;
        }

        if (result.Gaps.Count > 0)
        {
            outcome.Counts["gaps"] = result.Gaps;
        }

        if (result.Failed > 0 && result.Succeeded == 0)
        {
            throw JobsException.AllSourcesFailed(result.Errors);
        }

        outcome.Note = result.Errors.Count == 0 ? null : "Some sources failed: " + string.Join(" | ", result.Errors);
        return outcome;
    }
}
