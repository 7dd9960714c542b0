using System.Diagnostics;
using SentimentFactor.Ingest;
using SentimentFactor.Ingest.Sources;
using SentimentFactor.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Ingest;

/// <summary>
/// `sf ingest x` and `sf ingest stocktwits`: runs the API sources a command's settings name one after another with a
/// live counter each; a 401 stops that source only. The settings are turned into sources before the database opens,
/// so a bad option fails first.
/// </summary>
internal abstract class ApiPullCommand<TSettings>(SfDatabase database, IngestService ingest, IAnsiConsole console, string command)
    : AsyncCommand<TSettings>
    where TSettings : CommandSettings
{
    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        var sources = CreateSources(ingest, settings).ToList();
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

    /// <summary>The sources to pull, in order.</summary>
    protected abstract IEnumerable<IPostSource> CreateSources(IngestService ingest, TSettings settings);
}
