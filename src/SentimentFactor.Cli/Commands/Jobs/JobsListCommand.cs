using System.Globalization;
using SentimentFactor.Storage;
using SentimentFactor.Storage.Jobs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Jobs;

/// <summary>`sf jobs`: the last chain runs and stage attempts from sf.job_runs, newest first.</summary>
internal sealed class JobsListCommand(SfDatabase database, IAnsiConsole console) : AsyncCommand<JobsListSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, JobsListSettings settings, CancellationToken cancellationToken)
    {
        var dataSource = await database.OpenAsync(cancellationToken);
        var runs = await new JobRunStore(dataSource).LatestAsync(settings.Job, settings.Limit, cancellationToken);
        if (runs.Count == 0)
        {
            console.WriteLine("No job runs yet. Run 'sf run nightly' or 'sf schedule run'.");
            return 0;
        }

        var table = new Table().AddColumns("id", "job", "started (UTC)", "seconds", "status", "counts", "error");
        foreach (var r in runs)
        {
            var seconds = r.FinishedAt is { } f ? (f - r.StartedAt).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) : "-";
            var status = r.Status switch
            {
                "failed" => "[red]failed[/]",
                "succeeded" => "[green]succeeded[/]",
                "running" => "[yellow]running[/]",
                _ => Markup.Escape(r.Status),
            };
            table.AddRow(
                r.JobRunId.ToString(CultureInfo.InvariantCulture), Markup.Escape(r.Job),
                r.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), seconds, status,
                Markup.Escape(r.Counts), Markup.Escape(r.Error ?? ""));
        }

        console.Write(table);
        return 0;
    }
}
