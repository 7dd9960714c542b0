using SentimentFactor.Ingest;
using SentimentFactor.Ingest.Market;
using SentimentFactor.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Ingest;

/// <summary>`sf ingest bars PATH|--symbol SYM [--url ...]`: daily bars into sf.market_bars (upsert by symbol and day).</summary>
internal sealed class IngestBarsCommand : AsyncCommand<IngestBarsSettings>
{
    private readonly SfDatabase _database;
    private readonly IngestFactory _factory;
    private readonly IAnsiConsole _console;

    public IngestBarsCommand(SfDatabase database, IngestFactory factory, IAnsiConsole console)
    {
        _database = database;
        _factory = factory;
        _console = console;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, IngestBarsSettings settings, CancellationToken cancellationToken)
    {
        var symbol = string.IsNullOrWhiteSpace(settings.Symbol) ? _factory.Options.BenchmarkSymbol : settings.Symbol.Trim();
        var dataSource = await _database.OpenAsync(cancellationToken);
        var loader = _factory.CreateBarsIngester(dataSource);
        BarsResult? result = null;
        await _console.Status().StartAsync($"bars {Markup.Escape(symbol)}", async _ =>
        {
            if (settings.Path is { } path)
            {
                result = await loader.LoadFileAsync(path, symbol, cancellationToken);
            }
            else
            {
                using var http = _factory.Http();
                result = await loader.LoadUrlAsync(symbol, settings.Url, http, cancellationToken);
            }
        });
        var r = result!;
        _console.WriteLine($"ingest bars: {r.Symbol} from {r.Origin}: {r.Inserted:N0} new, {r.Updated:N0} corrected, {r.Unchanged:N0} unchanged, {r.Rejected:N0} rejected");
        return 0;
    }
}
