using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SentimentFactor.Ingest.Market;
using SentimentFactor.Ingest.Sources.Files;
using SentimentFactor.Ingest.Sources.Http;
using SentimentFactor.Ingest.Sweep;
using SentimentFactor.Storage;
using SentimentFactor.Storage.Ingest;

namespace SentimentFactor.Ingest;

/// <summary>
/// The ingest stage's one entry point for the CLI, the nightly job and the demo: builds sources, a runner over a
/// data source and the bars loader from the stage's options, and sweeps every configured source in one pass
/// (<see cref="SweepAsync"/>). Registered by <see cref="IngestHostingExtensions.AddIngest"/>.
/// </summary>
public sealed class IngestService
{
    /// <summary>Environment variable holding the X API bearer token (never logged or stored).</summary>
    public const string BearerTokenVariable = "SF_X_BEARER_TOKEN";

    private readonly IHttpClientFactory _httpClients;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;

    /// <summary>Creates the factory.</summary>
    public IngestService(
        IOptions<IngestOptions> options, IOptions<MarketOptions> market, IHttpClientFactory httpClients, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(market);
        Options = options.Value;
        BenchmarkSymbol = market.Value.Benchmark;
        _httpClients = httpClients;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
    }

    /// <summary>The validated options.</summary>
    public IngestOptions Options { get; }

    /// <summary>The benchmark's symbol (Market:Benchmark): the symbol of a bars file or download given without one.</summary>
    public string BenchmarkSymbol { get; }

    /// <summary>
    /// Pulls every source <paramref name="request"/> names, each from its saved cursor, writing through
    /// <paramref name="dataSource"/> (not owned): the drop folder's files (each moves to done/ once loaded), X queries,
    /// StockTwits symbols, then bars. A failing source is counted in the result and the others go on; cancelling
    /// stops at the source in flight, whose cursor keeps what it committed.
    /// </summary>
    public Task<IngestSweepResult> SweepAsync(NpgsqlDataSource dataSource, IngestSweepRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sweep = new IngestSweep(this, CreateRunner(dataSource), _loggerFactory.CreateLogger<IngestSweep>());
        return sweep.RunAsync(dataSource, request, cancellationToken);
    }

    /// <summary>A runner writing through <paramref name="dataSource"/> (not owned).</summary>
    public IngestRunner CreateRunner(NpgsqlDataSource dataSource) =>
        new(new PostStore(dataSource), new CursorStore(dataSource), _timeProvider, _loggerFactory.CreateLogger<IngestRunner>());

    /// <summary>
    /// A file source; <paramref name="mapEntries"/> (--map) go over Ingest:FieldMap.
    /// </summary>
    public FilePostSource CreateFileSource(string path, string source, FileFormat format, IEnumerable<string> mapEntries, FileLayout? layout = null) =>
        new(path, source, format, FieldMap.Parse(mapEntries, Options.FieldMap), Options, _timeProvider, layout);

    /// <summary>An X recent-search pull; the token comes from SF_X_BEARER_TOKEN.</summary>
    public XRecentSearchSource CreateXSource(string query, DateTimeOffset? since) =>
        new(query, since, Environment.GetEnvironmentVariable(BearerTokenVariable) ?? "", Http(), Options, _timeProvider, _loggerFactory.CreateLogger<XRecentSearchSource>());

    /// <summary>A StockTwits symbol-stream pull.</summary>
    public StockTwitsSource CreateStockTwitsSource(string symbol) =>
        new(symbol, Http(), Options, _timeProvider, _loggerFactory.CreateLogger<StockTwitsSource>());

    /// <summary>The bars loader writing through <paramref name="dataSource"/> (not owned).</summary>
    public MarketBarIngester CreateBarsIngester(NpgsqlDataSource dataSource) =>
        new(new MarketBarStore(dataSource), new RejectStore(dataSource), Options, _timeProvider, _loggerFactory.CreateLogger<MarketBarIngester>());

    /// <summary>The HttpClient of the API sources (pooled handlers; dispose is harmless).</summary>
    public HttpClient Http() => _httpClients.CreateClient(IngestHostingExtensions.HttpClientName);

    /// <summary>Reads --since: an ISO date/time, or a duration back from now ("6h", "3d", "90m").</summary>
    public DateTimeOffset? ParseSince(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        if (text.Length >= 2 && int.TryParse(text[..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var amount))
        {
            TimeSpan? back = char.ToLowerInvariant(text[^1]) switch
            {
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (back is { } b)
            {
                return _timeProvider.GetUtcNow() - b;
            }
        }

        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
        {
            return at.ToUniversalTime();
        }

        throw IngestException.BadSince(value);
    }
}
