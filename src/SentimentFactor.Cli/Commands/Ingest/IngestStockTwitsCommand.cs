using SentimentFactor.Ingest;
using SentimentFactor.Ingest.Sources;
using SentimentFactor.Storage;
using Spectre.Console;

namespace SentimentFactor.Cli.Commands.Ingest;

/// <summary>`sf ingest stocktwits SYMBOL...`: pull StockTwits symbol streams from where the last pull stopped.</summary>
internal sealed class IngestStockTwitsCommand(SfDatabase database, IngestService ingest, IAnsiConsole console)
    : ApiPullCommand<IngestStockTwitsSettings>(database, ingest, console, "stocktwits")
{
    protected override IEnumerable<IPostSource> CreateSources(IngestService ingest, IngestStockTwitsSettings settings) =>
        settings.Symbols.Select(ingest.CreateStockTwitsSource);
}
