namespace SentimentFactor.Ingest;

/// <summary>Settings of the ingest stage, bound from the "Ingest" section of appsettings.json (+ SF_Ingest__* env vars).</summary>
public sealed class IngestOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Ingest";

    /// <summary>Largest post text accepted, in UTF-8 bytes; a longer one is rejected as field_too_long:text.</summary>
    public int MaxTextBytes { get; set; } = 100_000;

    /// <summary>Largest id, author id or language tag accepted, in UTF-8 bytes.</summary>
    public int MaxFieldBytes { get; set; } = 256;

    /// <summary>Largest JSONL line or CSV record, in bytes; a longer one is rejected as line_too_long without being held in memory.</summary>
    public int MaxLineBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Bytes of a rejected record's payload kept in sf.ingest_rejects.</summary>
    public int MaxRejectPayloadBytes { get; set; } = 64 * 1024;

    /// <summary>Posts written per COPY transaction when loading files.</summary>
    public int FileBatchSize { get; set; } = 50_000;

    /// <summary>Treat a file timestamp without offset ("2024-01-02 15:04:05") as UTC instead of rejecting it.</summary>
    public bool AssumeUtcWithoutOffset { get; set; }

    /// <summary>Field names of file records when they differ from the default layout: e.g. text=body, id=tweet_id, author_id=user.id.</summary>
    public Dictionary<string, string> FieldMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Base URL of the X API v2.</summary>
    public Uri XBaseUrl { get; set; } = new("https://api.x.com/");

    /// <summary>Tweets per recent-search page (the API allows 10 to 100).</summary>
    public int XMaxResults { get; set; } = 100;

    /// <summary>Pages pulled per X query per run; the cursor keeps the rest for the next run.</summary>
    public int XMaxPages { get; set; } = 50;

    /// <summary>
    /// When a saved since_id is older than recent search's 7-day window, the pull restarts this much after the
    /// window's start (so the request is still inside it when it arrives); docs/ingest.md, "A stale since_id".
    /// </summary>
    public TimeSpan XWindowMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Base URL of the StockTwits API.</summary>
    public Uri StockTwitsBaseUrl { get; set; } = new("https://api.stocktwits.com/");

    /// <summary>Pages (30 messages each) pulled per symbol per run; the cursor keeps the rest for the next run.</summary>
    public int StockTwitsMaxPages { get; set; } = 20;

    /// <summary>Retries of one API request after a 5xx, 429, timeout or truncated body.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>First retry delay after a 5xx or transport error; doubles each retry.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Randomise each backoff around its exponential value, so many clients do not retry in step.</summary>
    public bool RetryJitter { get; set; } = true;

    /// <summary>Longest wait for a rate-limit reset (x-rate-limit-reset, 429) before trying again.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Timeout of one HTTP request, body included.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Daily-bar CSV endpoint; {symbol} is replaced by the URL-escaped symbol (Stooq's layout by default).</summary>
    public string BarsUrlTemplate { get; set; } = "https://stooq.com/q/d/l/?s={symbol}&i=d";
}
