using System.Globalization;
using SentimentFactor.Ingest;
using SentimentFactor.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Bench;

/// <summary>
/// `sf bench ingest [--posts N]`: generated posts end to end (read + parse + normalise + write) by the COPY path and
/// by row-by-row Dapper INSERTs; ends with `bench ingest: copy=&lt;posts/s&gt; insert=&lt;posts/s&gt; ratio=&lt;x&gt;`.
/// </summary>
internal sealed class BenchIngestCommand : AsyncCommand<BenchIngestSettings>
{
    private readonly SfDatabase _database;
    private readonly IngestService _ingest;
    private readonly TimeProvider _timeProvider;
    private readonly IAnsiConsole _console;

    public BenchIngestCommand(SfDatabase database, IngestService ingest, TimeProvider timeProvider, IAnsiConsole console)
    {
        _database = database;
        _ingest = ingest;
        _timeProvider = timeProvider;
        _console = console;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, BenchIngestSettings settings, CancellationToken cancellationToken)
    {
        var dataSource = await _database.OpenAsync(cancellationToken);
        var benchmark = new IngestBenchmark(_ingest.Options, _timeProvider);
        IngestBenchmark.Result? result = null;
        await _console.Status().StartAsync("bench ingest", async status =>
        {
            result = await benchmark.RunAsync(dataSource, settings.Posts, Path.GetTempPath(), s => status.Status(Markup.Escape(s)), cancellationToken);
        });
        var r = result!;
        var inv = CultureInfo.InvariantCulture;
        _console.WriteLine(string.Create(inv, $"COPY path:   {r.CopyPosts:N0} posts ({r.FileBytes / 1e6:F0} MB JSONL) read, parsed, normalised, written in {r.CopyElapsed.TotalSeconds:F2} s = {r.CopyPostsPerSecond:N0} posts/s"));
        _console.WriteLine(string.Create(inv, $"INSERT path: {r.InsertPosts:N0} posts (sample of N/10, same parse + normalise, one Dapper INSERT per post, 1,000 per transaction) in {r.InsertElapsed.TotalSeconds:F2} s = {r.InsertPostsPerSecond:N0} posts/s (rate scaled per post)"));
        _console.WriteLine(string.Create(inv, $"bench ingest: copy={r.CopyPostsPerSecond:F0} insert={r.InsertPostsPerSecond:F0} ratio={r.Ratio:F1}"));
        return 0;
    }
}
