using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Db;

/// <summary>`sf db url`: the postgresql:// URI (password included) for psql and notebooks.</summary>
internal sealed class DbUrlCommand(SfDatabase database, IAnsiConsole console) : AsyncCommand<SfSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SfSettings settings, CancellationToken cancellationToken)
    {
        var target = await database.ResolveAsync(cancellationToken);
        // Plain stdout, no markup or wrapping: scripts capture it with $(sf db url).
        console.Profile.Out.Writer.WriteLine(target.Uri);
        return 0;
    }
}
