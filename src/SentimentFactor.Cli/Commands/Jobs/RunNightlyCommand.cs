using System.Globalization;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Jobs;
using SentimentFactor.Jobs.Chain;
using SentimentFactor.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Jobs;

/// <summary>`sf run nightly [--date D]`: the scheduler's chain, once, now (backfills, cron and systemd timers).</summary>
internal sealed class RunNightlyCommand(SfDatabase database, NightlyChain chain, IAnsiConsole console) : AsyncCommand<RunNightlySettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RunNightlySettings settings, CancellationToken cancellationToken)
    {
        var dataSource = await database.OpenAsync(cancellationToken);
        var result = await chain.RunAsync(dataSource, new NightlyRequest("cli", settings.Day), cancellationToken);
        if (result.Stages.Count > 0)
        {
            var table = new Table().AddColumns("stage", "status", "attempts", "seconds", "counts", "note");
            foreach (var s in result.Stages)
            {
                var counts = string.Join(' ', s.Counts.Where(c => c.Key != "attempt").Select(c => $"{c.Key}={Format(c.Value)}"));
                table.AddRow(
                    s.Stage, s.Status, s.Attempts.ToString(CultureInfo.InvariantCulture), s.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),
                    Markup.Escape(counts), Markup.Escape(s.Error ?? ""));
            }

            console.Write(table);
        }

        var stages = string.Join(',', result.Stages.Select(s => $"{s.Stage}:{s.Status}"));
        console.Profile.Out.Writer.WriteLine(
            $"nightly: status={result.Status.ToString().ToLowerInvariant()} stages={(stages.Length == 0 ? "-" : stages)} seconds={result.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)}");
        return result.Status switch
        {
            ChainStatus.Succeeded => 0,
            ChainStatus.Cancelled => ErrorReporter.Cancelled,
            _ => throw new NightlyChainFailedException(result.Error ?? "The nightly chain failed."),
        };
    }

    // Model ids are SHA-256 hex: 12 characters name them, as `sf score` prints them.
    private static string Format(object? value) => value switch
    {
        null => "-",
        string { Length: 64 } id when id.All(char.IsAsciiHexDigitLower) => id[..12],
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
