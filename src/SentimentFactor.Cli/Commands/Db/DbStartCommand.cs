using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Db;

/// <summary>`sf db start`: create the managed cluster if needed, start it, apply migrations.</summary>
internal sealed class DbStartCommand(SfDatabase database, IAnsiConsole console) : AsyncCommand<SfSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SfSettings settings, CancellationToken cancellationToken)
    {
        await database.OpenAsync(cancellationToken);
        var target = await database.ResolveAsync(cancellationToken);
        var where = target.IsManaged ? $"managed cluster in {target.Origin}" : $"external server from {target.Origin}";
        console.MarkupLineInterpolated($"Database ready at {target.Display} ({where}); schema is current.");
        return 0;
    }
}
