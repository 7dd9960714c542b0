using SentimentFactor.Ingest;
using SentimentFactor.Ingest.Sources;
using SentimentFactor.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Ingest;

/// <summary>`sf ingest stocktwits SYMBOL...`: pull StockTwits symbol streams from where the last pull stopped.</summary>
internal sealed class IngestStockTwitsCommand : AsyncCommand<IngestStockTwitsSettings>
{
    private readonly SfDatabase _database;
    private readonly IngestService _ingest;
    private readonly IAnsiConsole _console;

    public IngestStockTwitsCommand(SfDatabase database, IngestService ingest, IAnsiConsole console)
    {
        _database = database;
        _ingest = ingest;
        _console = console;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, IngestStockTwitsSettings settings, CancellationToken cancellationToken)
    {
        var sources = settings.Symbols.Select(s => (IPostSource)_ingest.CreateStockTwitsSource(s)).ToList();
        return await ApiPull.RunAsync(_database, _ingest, _console, "stocktwits", sources, cancellationToken);
    }
}
