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
    private readonly IngestService _ingest;
    private readonly IAnsiConsole _console;

    public IngestBarsCommand(SfDatabase database, IngestService ingest, IAnsiConsole console)
    {
        _database = database;
        _ingest = ingest;
        _console = console;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, IngestBarsSettings settings, CancellationToken cancellationToken)
    {
        var defaultSymbol = _ingest.BenchmarkSymbol;
        var files = settings.Paths.Length > 0 ? BarFiles.Resolve(settings.Paths, settings.Symbol, defaultSymbol) : [];
        var dataSource = await _database.OpenAsync(cancellationToken);
        var loader = _ingest.CreateBarsIngester(dataSource);
        if (files.Count == 0)
        {
            var symbol = string.IsNullOrWhiteSpace(settings.Symbol) ? defaultSymbol : settings.Symbol.Trim();
            BarsResult? downloaded = null;
            await _console.Status().StartAsync($"bars {Markup.Escape(symbol)}", async _ =>
            {
                using var http = _ingest.Http();
                downloaded = await loader.LoadUrlAsync(symbol, settings.Url, http, cancellationToken);
            });
            Report(downloaded!);
            return 0;
        }

        foreach (var (path, symbol) in files)
        {
            BarsResult? loaded = null;
            await _console.Status().StartAsync($"bars {Markup.Escape(symbol)}", async _ =>
                loaded = await loader.LoadFileAsync(path, symbol, cancellationToken));
            Report(loaded!);
        }

        if (files.Count > 1)
        {
            _console.WriteLine($"ingest bars: {files.Count} files, {files.Select(f => f.Symbol).Distinct(StringComparer.Ordinal).Count()} symbols");
        }

        return 0;
    }

    private void Report(BarsResult r) =>
        _console.WriteLine($"ingest bars: {r.Symbol} from {r.Origin}: {r.Inserted:N0} new, {r.Updated:N0} corrected, {r.Unchanged:N0} unchanged, {r.Rejected:N0} rejected");
}
