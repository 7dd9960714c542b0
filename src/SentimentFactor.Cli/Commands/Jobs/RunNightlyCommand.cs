using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Jobs;
using SentimentFactor.Jobs.Chain;
using SentimentFactor.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Jobs;

/// <summary>
/// `sf run nightly [--date D]`: the scheduler's chain, once, now (backfills, cron and systemd timers): the same stage
/// jobs and chaining, in a private in-memory scheduler of this process.
/// </summary>
internal sealed class RunNightlyCommand(SfDatabase database, IConfiguration configuration, IAnsiConsole console) : AsyncCommand<RunNightlySettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RunNightlySettings settings, CancellationToken cancellationToken)
    {
        // Start (managed cluster) and migrate once here, before the stage jobs open the database.
        await database.OpenAsync(cancellationToken);
        var builder = SfHost.CreateNestedBuilder(configuration, settings.Verbose, console);
        builder.AddNightlyRunner();
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        ChainResult result;
        try
        {
            result = await host.Services.GetRequiredService<NightlyRunner>().RunAsync(settings.Day, cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }

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
