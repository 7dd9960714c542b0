using System.Diagnostics;
using SentimentFactor.Ingest;
using SentimentFactor.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Ingest;

/// <summary>`sf ingest file PATH...`: bulk-load post files by binary COPY; bad records go to sf.ingest_rejects.</summary>
internal sealed class IngestFileCommand : AsyncCommand<IngestFileSettings>
{
    private readonly SfDatabase _database;
    private readonly IngestService _ingest;
    private readonly IAnsiConsole _console;

    public IngestFileCommand(SfDatabase database, IngestService ingest, IAnsiConsole console)
    {
        _database = database;
        _ingest = ingest;
        _console = console;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, IngestFileSettings settings, CancellationToken cancellationToken)
    {
        var sources = settings.Paths.Select(p => _ingest.CreateFileSource(p, settings.Source, settings.Format, settings.Map, settings.Layout)).ToList();
        var dataSource = await _database.OpenAsync(cancellationToken);
        var runner = _ingest.CreateRunner(dataSource);
        var results = new List<IngestResult>();
        var clock = Stopwatch.StartNew();
        await _console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var tasks = sources.Select(s => (Source: s, Task: progress.AddTask(Markup.Escape(Path.GetFileName(s.FilePath)), maxValue: Math.Max(1, s.Length ?? 1)))).ToList();
                foreach (var (source, task) in tasks)
                {
                    var report = new Progress<IngestProgress>(p =>
                    {
                        task.Value = Math.Min(task.MaxValue, p.Bytes);
                        task.Description = $"{Markup.Escape(Path.GetFileName(source.FilePath))}: {p.Accepted:N0} new, {p.Rejected:N0} rejected";
                    });
                    results.Add(await runner.RunAsync(source, report, cancellationToken));
                    task.Value = task.MaxValue;
                    task.StopTask();
                }
            });
        return IngestSummary.Print(_console, "file", results, clock.Elapsed);
    }
}
