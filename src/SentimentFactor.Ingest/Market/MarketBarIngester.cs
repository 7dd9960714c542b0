using Microsoft.Extensions.Logging;
using SentimentFactor.Ingest.Sources.Http;
using SentimentFactor.Storage.Ingest;

namespace SentimentFactor.Ingest.Market;

/// <summary>
/// Loads daily bars from a CSV file or the configured HTTP CSV endpoint into sf.market_bars (upsert by symbol and
/// day; a corrected bar replaces the old one). Bad rows go to sf.ingest_rejects with source "bars".
/// </summary>
public sealed class MarketBarIngester
{
    private readonly MarketBarStore _bars;
    private readonly RejectStore _rejects;
    private readonly IngestOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<MarketBarIngester> _logger;

    /// <summary>Creates the loader over the given stores.</summary>
    public MarketBarIngester(MarketBarStore bars, RejectStore rejects, IngestOptions options, TimeProvider timeProvider, ILogger<MarketBarIngester> logger)
    {
        _bars = bars;
        _rejects = rejects;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Loads <paramref name="path"/> as bars of <paramref name="symbol"/>.</summary>
    public async Task<BarsResult> LoadFileAsync(string path, string symbol, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw IngestException.FileUnreadable(path, ex);
        }

        if (bytes.Length > 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            _ = Sources.Files.GzipValidation.DetectsTruncation; // a cut file throws instead of reading short
            using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
            using var plain = new MemoryStream();
            try
            {
                await gzip.CopyToAsync(plain, cancellationToken);
            }
            catch (InvalidDataException ex)
            {
                // Bars are small and corrected by the next good file: store none of a damaged one.
                throw IngestException.BarsFileDamaged(path, Sources.Files.GzipValidation.IsTruncation(ex), ex);
            }

            bytes = plain.ToArray();
        }

        return await StoreAsync(bytes, symbol, path, "file:" + Path.GetFileName(path), cancellationToken);
    }

    /// <summary>
    /// Downloads the bars of <paramref name="symbol"/> from <paramref name="urlTemplate"/> (default Ingest:BarsUrlTemplate;
    /// {symbol} is replaced), with the same retries as the post APIs. <paramref name="http"/> is not owned.
    /// </summary>
    public async Task<BarsResult> LoadUrlAsync(string symbol, string? urlTemplate, HttpClient http, CancellationToken cancellationToken)
    {
        var template = urlTemplate ?? _options.BarsUrlTemplate;
        var url = new Uri(template.Replace("{symbol}", Uri.EscapeDataString(symbol.ToLowerInvariant()), StringComparison.Ordinal));
        var client = new ApiClient("bars", http, null, "the bars endpoint refused the request: check Ingest:BarsUrlTemplate.", _options, _timeProvider, _logger);
        var bytes = await client.GetBytesAsync(url, cancellationToken);
        var origin = url.GetLeftPart(UriPartial.Path);
        return await StoreAsync(bytes, symbol, origin, origin, cancellationToken);
    }

    private async Task<BarsResult> StoreAsync(byte[] csv, string symbol, string where, string origin, CancellationToken cancellationToken)
    {
        var (bars, rejects) = MarketBarCsv.Parse(csv, symbol, where, origin);
        var written = await _bars.UpsertAsync(bars, cancellationToken);
        await _rejects.WriteAsync(rejects, cancellationToken);
        Log.BarsFinished(_logger, symbol, where, written.Inserted, written.Updated, written.Unchanged, rejects.Count);
        return new BarsResult(symbol, where, written.Inserted, written.Updated, written.Unchanged, rejects.Count);
    }
}
