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
    private readonly IngestFactory _factory;
    private readonly IAnsiConsole _console;

    public IngestStockTwitsCommand(SfDatabase database, IngestFactory factory, IAnsiConsole console)
    {
        _database = database;
        _factory = factory;
        _console = console;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, IngestStockTwitsSettings settings, CancellationToken cancellationToken)
    {
        var sources = settings.Symbols.Select(s => (IPostSource)_factory.CreateStockTwitsSource(s)).ToList();
        return await ApiPull.RunAsync(_database, _factory, _console, "stocktwits", sources, cancellationToken);
    }
}
