using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Db;

/// <summary>`sf db stop`: stop the managed cluster; its data stays for the next start.</summary>
internal sealed class DbStopCommand(SfDatabase database, IAnsiConsole console) : AsyncCommand<SfSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SfSettings settings, CancellationToken cancellationToken)
    {
        if (database.IsExternal)
        {
            throw StorageException.NotManaged();
        }

        var stopped = await database.Cluster.StopAsync(cancellationToken);
        console.MarkupLineInterpolated($"{(stopped ? "Stopped" : "Not running:")} managed cluster in {database.Cluster.ConfiguredDirectory}.");
        return 0;
    }
}
