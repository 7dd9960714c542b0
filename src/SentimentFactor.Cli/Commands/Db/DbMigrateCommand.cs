using Microsoft.Extensions.Logging;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Storage;
using SentimentFactor.Storage.Migrations;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Db;

/// <summary>`sf db migrate`: apply pending sql/schema files.</summary>
internal sealed class DbMigrateCommand(SfDatabase database, IAnsiConsole console, ILoggerFactory loggerFactory) : AsyncCommand<SfSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SfSettings settings, CancellationToken cancellationToken)
    {
        var dataSource = await database.OpenUnmigratedAsync(cancellationToken);
        var migrator = SchemaMigrator.FromEmbedded(loggerFactory);
        var applied = await migrator.MigrateAsync(dataSource, cancellationToken);
        var target = await database.ResolveAsync(cancellationToken);
        if (applied.Count == 0)
        {
            console.MarkupLineInterpolated($"Schema of {target.Display} is current ({migrator.Migrations.Count} migrations applied).");
        }
        else
        {
            console.MarkupLineInterpolated($"Applied {applied.Count} migration(s) to {target.Display}: {string.Join(", ", applied.Select(m => m.FileName))}.");
        }

        return 0;
    }
}
