using SentimentFactor.Ingest;
using SentimentFactor.Ingest.Sources;
using SentimentFactor.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Ingest;

/// <summary>`sf ingest x --query "..."`: pull the X API v2 recent search from where the last pull stopped.</summary>
internal sealed class IngestXCommand : AsyncCommand<IngestXSettings>
{
    private readonly SfDatabase _database;
    private readonly IngestService _ingest;
    private readonly IAnsiConsole _console;

    public IngestXCommand(SfDatabase database, IngestService ingest, IAnsiConsole console)
    {
        _database = database;
        _ingest = ingest;
        _console = console;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, IngestXSettings settings, CancellationToken cancellationToken)
    {
        var since = _ingest.ParseSince(settings.Since);
        var sources = settings.Queries.Select(q => (IPostSource)_ingest.CreateXSource(q, since)).ToList();
        return await ApiPull.RunAsync(_database, _ingest, _console, "x", sources, cancellationToken);
    }
}
