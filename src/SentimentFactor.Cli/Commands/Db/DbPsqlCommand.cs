using System.Diagnostics;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Storage;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Db;

/// <summary>`sf db psql [-- psql args]`: psql on the database, with the terminal handed over.</summary>
internal sealed class DbPsqlCommand(SfDatabase database) : AsyncCommand<SfSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SfSettings settings, CancellationToken cancellationToken)
    {
        await database.OpenAsync(cancellationToken);
        var target = await database.ResolveAsync(cancellationToken);
        var start = new ProcessStartInfo("psql") { UseShellExecute = false };
        start.ArgumentList.Add(target.Uri);
        foreach (var argument in context.Remaining.Raw)
        {
            start.ArgumentList.Add(argument);
        }

        using var psql = Process.Start(start) ?? throw new InvalidOperationException("psql did not start.");
        await psql.WaitForExitAsync(cancellationToken);
        return psql.ExitCode;
    }
}
