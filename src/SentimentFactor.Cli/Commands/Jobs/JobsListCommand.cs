using System.Globalization;
using System.Text.Json.Nodes;
using SentimentFactor.Storage;
using SentimentFactor.Storage.Jobs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Jobs;

/// <summary>`sf jobs`: the last chain runs and stage attempts from sf.job_runs, newest first, one line each.</summary>
internal sealed class JobsListCommand(SfDatabase database, IAnsiConsole console) : AsyncCommand<JobsListSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, JobsListSettings settings, CancellationToken cancellationToken)
    {
        var dataSource = await database.OpenAsync(cancellationToken);
        var runs = await new JobRunStore(dataSource).LatestAsync(settings.Job, settings.Limit, cancellationToken);
        var output = console.Profile.Out.Writer;
        if (runs.Count == 0)
        {
            output.WriteLine("No job runs yet. Run 'sf run nightly' or 'sf schedule run'.");
            return 0;
        }

        var nodeWidth = Math.Max(4, runs.Max(r => r.Node?.Length ?? 1));
        output.WriteLine($"{"id",6}  {"job",-18} {"started (UTC)",-19} {"seconds",8}  {"status",-9}  {"node".PadRight(nodeWidth)}  counts | error");
        foreach (var r in runs)
        {
            var seconds = r.FinishedAt is { } f ? (f - r.StartedAt).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) : "-";
            var error = r.Error is null ? "" : " | " + r.Error;
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{r.JobRunId,6}  {r.Job,-18} {r.StartedAt.UtcDateTime,-19:yyyy-MM-dd HH:mm:ss} {seconds,8}  {r.Status,-9}  {(r.Node ?? "-").PadRight(nodeWidth)}  {Counts(r.Counts)}{error}"));
        }

        return 0;
    }

    // {"posts": 3, "stages": ["ingest:succeeded", "score:failed"]} -> posts=3 stages=ingest:succeeded,score:failed; model ids shortened to 12.
    private static string Counts(string json)
    {
        if (JsonNode.Parse(json) is not JsonObject counts)
        {
            return json;
        }

        return string.Join(' ', counts.Where(p => p.Key != "attempt" || p.Value?.ToString() != "1").Select(p => p.Key + "=" + Value(p.Value)));
    }

    private static string Value(JsonNode? node) => node switch
    {
        null => "-",
        JsonObject o => string.Join(',', o.Select(p => p.Key + ":" + Value(p.Value))),
        JsonArray a => string.Join(',', a.Select(Value)),
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 64 && s.All(char.IsAsciiHexDigitLower) ? s[..12] : s,
        _ => node.ToJsonString(),
    };
}
