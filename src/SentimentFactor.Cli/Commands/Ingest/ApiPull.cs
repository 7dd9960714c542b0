using System.Diagnostics;
using SentimentFactor.Ingest;
using SentimentFactor.Ingest.Sources;
using SentimentFactor.Storage;
using Spectre.Console;

namespace SentimentFactor.Cli.Commands.Ingest;

/// <summary>Runs API sources one after another with a live counter each; a 401 stops that source only.</summary>
internal static class ApiPull
{
    public static async Task<int> RunAsync(SfDatabase database, IngestService ingest, IAnsiConsole console, string command, IReadOnlyList<IPostSource> sources, CancellationToken cancellationToken)
    {
        var dataSource = await database.OpenAsync(cancellationToken);
        var runner = ingest.CreateRunner(dataSource);
        var results = new List<IngestResult>();
        var clock = Stopwatch.StartNew();
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                foreach (var source in sources)
                {
                    var label = Markup.Escape($"{source.Source} {source.CursorKey}");
                    var task = progress.AddTask(label, maxValue: 1);
                    task.IsIndeterminate = true;
                    var report = new Progress<IngestProgress>(p => task.Description = $"{label}: {p.Records:N0} read, {p.Accepted:N0} new, {p.Rejected:N0} rejected");
                    results.Add(await runner.RunAsync(source, report, cancellationToken));
                    task.IsIndeterminate = false;
                    task.Value = 1;
                    task.StopTask();
                }
            });
        return IngestSummary.Print(console, command, results, clock.Elapsed);
    }
}
