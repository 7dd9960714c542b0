namespace SentimentFactor.Ingest.Sweep;

/// <summary>What one sweep over every configured source pulls (the nightly chain's Jobs settings).</summary>
/// <param name="SettingsSection">The configuration section the lists come from, named in skip messages ("Jobs").</param>
/// <param name="FileDropDirectory">Folder whose *.jsonl, *.json, *.csv and *.gz files are loaded; null or empty: none.</param>
/// <param name="FileSource">The source name the dropped files' posts are stored under.</param>
/// <param name="XQueries">X recent-search queries, each from its saved cursor (skipped while SF_X_BEARER_TOKEN is unset).</param>
/// <param name="StockTwitsSymbols">StockTwits symbol streams, each from its saved cursor.</param>
/// <param name="BarsSymbols">Symbols whose daily bars are loaded from Ingest:BarsUrl.</param>
public sealed record IngestSweepRequest(
    string SettingsSection,
    string? FileDropDirectory,
    string FileSource,
    IReadOnlyList<string> XQueries,
    IReadOnlyList<string> StockTwitsSymbols,
    IReadOnlyList<string> BarsSymbols);
