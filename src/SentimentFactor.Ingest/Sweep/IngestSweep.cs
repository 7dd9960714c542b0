using Microsoft.Extensions.Logging;
using Npgsql;
using SentimentFactor.Ingest.Sources;
using SentimentFactor.Ingest.Sources.Files;

namespace SentimentFactor.Ingest.Sweep;

/// <summary>
/// One pass over every configured source from its saved cursor: dropped files, X queries, StockTwits symbols, then
/// bars. A source that fails (bad file, 401, server down) is logged and counted and the others go on; a source
/// without credentials is skipped. A loaded file moves to done/ beside it.
/// </summary>
internal sealed class IngestSweep(IngestService ingest, IngestRunner runner, ILogger<IngestSweep> logger)
{
    private static readonly string[] FilePatterns = ["*.jsonl", "*.json", "*.csv", "*.gz"];

    public async Task<IngestSweepResult> RunAsync(
        NpgsqlDataSource dataSource, IngestSweepRequest request, CancellationToken cancellationToken)
    {
        var result = new IngestSweepResult();
        if (!string.IsNullOrWhiteSpace(request.FileDropDirectory))
        {
            var drop = Path.GetFullPath(request.FileDropDirectory);
            if (!Directory.Exists(drop))
            {
                result.Skipped++;
                Log.SourceSkipped(logger, "file", $"{request.SettingsSection}:FileDropDirectory {drop} does not exist");
            }
            else
            {
                var files = FilePatterns.SelectMany(p => Directory.EnumerateFiles(drop, p)).Distinct().Order(StringComparer.Ordinal).ToList();
                result.Files = files.Count;
                foreach (var file in files)
                {
                    var source = ingest.CreateFileSource(file, request.FileSource, FileFormat.Auto, []);
                    await PullAsync(result, source, () => MoveToDone(drop, file), cancellationToken);
                }
            }
        }

        if (request.XQueries.Count > 0)
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(IngestService.BearerTokenVariable)))
            {
                result.Skipped += request.XQueries.Count;
                Log.SourceSkipped(
                    logger, "x", $"{IngestService.BearerTokenVariable} is not set ({request.XQueries.Count} queries in {request.SettingsSection}:XQueries)");
            }
            else
            {
                foreach (var query in request.XQueries)
                {
                    await PullAsync(result, ingest.CreateXSource(query, null), null, cancellationToken);
                }
            }
        }

        foreach (var symbol in request.StockTwitsSymbols)
        {
            await PullAsync(result, ingest.CreateStockTwitsSource(symbol), null, cancellationToken);
        }

        if (request.BarsSymbols.Count > 0)
        {
            var loader = ingest.CreateBarsIngester(dataSource);
            using var http = ingest.Http();
            foreach (var symbol in request.BarsSymbols)
            {
                try
                {
                    var bars = await loader.LoadUrlAsync(symbol, null, http, cancellationToken);
                    result.Bars += bars.Inserted + bars.Updated;
                    result.Rejected += bars.Rejected;
                    result.Succeeded++;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Failed(result, "bars", symbol, ex.Message);
                }
            }
        }

        return result;
    }

    private async Task PullAsync(IngestSweepResult result, IPostSource source, Action? onSuccess, CancellationToken cancellationToken)
    {
        try
        {
            var pulled = await runner.RunAsync(source, null, cancellationToken);
            result.Accepted += pulled.Accepted;
            result.Duplicates += pulled.Duplicates;
            result.Rejected += pulled.Rejected;
            if (pulled.Warning is { } warning)
            {
                result.Gaps.Add(warning);
            }

            if (pulled.Succeeded)
            {
                result.Succeeded++;
                onSuccess?.Invoke();
            }
            else
            {
                Failed(result, source.Source, source.Label, pulled.Error!);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Failed(result, source.Source, source.Label, ex.Message);
        }
    }

    private void Failed(IngestSweepResult result, string source, string label, string reason)
    {
        result.Fail(source, label, reason);
        Log.SourceFailed(logger, source, label, reason);
    }

    // A loaded file moves to done/ so the next sweep does not read it again (a rerun would only add duplicates).
    private static void MoveToDone(string drop, string file)
    {
        var done = Path.Combine(drop, "done");
        Directory.CreateDirectory(done);
        File.Move(file, Path.Combine(done, Path.GetFileName(file)), overwrite: true);
    }
}
