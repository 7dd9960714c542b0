using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentFactor.Ingest;
using SentimentFactor.Ingest.Sources;
using SentimentFactor.Ingest.Sources.Files;
using SentimentFactor.Jobs.Chain;

namespace SentimentFactor.Jobs.Stages;

/// <summary>
/// Pulls every configured source from its saved cursor: dropped files, X queries, StockTwits symbols, then the bars
/// of Jobs:BarsSymbols. A source that fails (bad file, 401, server down) is logged and counted and the others go
/// on; the stage fails only when every configured source failed, and a partial failure is recorded per source in the
/// run's counts (failed_by_source) and note. A source without credentials is skipped.
/// </summary>
public sealed class IngestStage(IngestFactory factory, IOptions<JobsOptions> options, ILogger<IngestStage> logger) : INightlyStage
{
    /// <summary>The stage's name.</summary>
    public const string StageName = "ingest";

    private static readonly string[] FilePatterns = ["*.jsonl", "*.json", "*.csv", "*.gz"];

    /// <inheritdoc />
    public string Name => StageName;

    /// <inheritdoc />
    public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = options.Value;
        var runner = factory.CreateRunner(context.DataSource);
        var outcome = new StageOutcome();
        var errors = new List<string>();
        long accepted = 0, duplicates = 0, rejected = 0, bars = 0;
        int succeeded = 0, failed = 0, skipped = 0;
        var failedBySource = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var gaps = new List<string>();

        void Failed(string source, string label, string reason)
        {
            failed++;
            errors.Add($"{source} '{label}': {reason}");
            if (!failedBySource.TryGetValue(source, out var list))
            {
                failedBySource[source] = list = [];
            }

            list.Add($"{label}: {reason}");
            Log.SourceFailed(logger, source, label, reason);
        }

        async Task PullAsync(IPostSource source, Action? onSuccess)
        {
            try
            {
                var result = await runner.RunAsync(source, null, cancellationToken);
                accepted += result.Accepted;
                duplicates += result.Duplicates;
                rejected += result.Rejected;
                if (result.Warning is { } warning)
                {
                    gaps.Add(warning);
                }

                if (result.Succeeded)
                {
                    succeeded++;
                    onSuccess?.Invoke();
                }
                else
                {
                    Failed(source.Source, source.Label, result.Error!);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Failed(source.Source, source.Label, ex.Message);
            }
        }

        if (!string.IsNullOrWhiteSpace(settings.FileDropDirectory))
        {
            var drop = Path.GetFullPath(settings.FileDropDirectory);
            if (!Directory.Exists(drop))
            {
                skipped++;
                Log.SourceSkipped(logger, "file", $"Jobs:FileDropDirectory {drop} does not exist");
            }
            else
            {
                var files = FilePatterns.SelectMany(p => Directory.EnumerateFiles(drop, p)).Distinct().Order(StringComparer.Ordinal).ToList();
                outcome.Counts["files"] = files.Count;
                foreach (var file in files)
                {
                    await PullAsync(factory.CreateFileSource(file, settings.FileSource, FileFormat.Auto, []), () => MoveToDone(drop, file));
                }
            }
        }

        if (settings.XQueries.Length > 0)
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(IngestFactory.BearerTokenVariable)))
            {
                skipped += settings.XQueries.Length;
                Log.SourceSkipped(logger, "x", $"{IngestFactory.BearerTokenVariable} is not set ({settings.XQueries.Length} queries in Jobs:XQueries)");
            }
            else
            {
                foreach (var query in settings.XQueries)
                {
                    await PullAsync(factory.CreateXSource(query, null), null);
                }
            }
        }

        foreach (var symbol in settings.StockTwitsSymbols)
        {
            await PullAsync(factory.CreateStockTwitsSource(symbol), null);
        }

        if (settings.BarsSymbols.Length > 0)
        {
            var loader = factory.CreateBarsIngester(context.DataSource);
            using var http = factory.Http();
            foreach (var symbol in settings.BarsSymbols)
            {
                try
                {
                    var result = await loader.LoadUrlAsync(symbol, null, http, cancellationToken);
                    bars += result.Inserted + result.Updated;
                    rejected += result.Rejected;
                    succeeded++;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Failed("bars", symbol, ex.Message);
                }
            }
        }

        outcome.Counts["sources_ok"] = succeeded;
        outcome.Counts["sources_failed"] = failed;
        outcome.Counts["sources_skipped"] = skipped;
        outcome.Counts["posts"] = accepted;
        outcome.Counts["duplicates"] = duplicates;
        outcome.Counts["rejected"] = rejected;
        outcome.Counts["bars"] = bars;
        if (failedBySource.Count > 0)
        {
            // The partial failure per source (x, stocktwits, file, bars): which query, symbol or file, and why.
            outcome.Counts["failed_by_source"] = failedBySource;
        }

        if (gaps.Count > 0)
        {
            outcome.Counts["gaps"] = gaps;
        }
        if (failed > 0 && succeeded == 0)
        {
            throw JobsException.AllSourcesFailed(errors);
        }

        outcome.Note = errors.Count == 0 ? null : "Some sources failed: " + string.Join(" | ", errors);
        return outcome;
    }

    // A loaded file moves to done/ so the next night does not read it again (a rerun would only add duplicates).
    private static void MoveToDone(string drop, string file)
    {
        var done = Path.Combine(drop, "done");
        Directory.CreateDirectory(done);
        File.Move(file, Path.Combine(done, Path.GetFileName(file)), overwrite: true);
    }
}
