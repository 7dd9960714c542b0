namespace SentimentFactor.Ingest.Market;

/// <summary>What one bars load did.</summary>
/// <param name="Symbol">The symbol stored.</param>
/// <param name="Origin">The file or URL (without query) read.</param>
/// <param name="Inserted">New days.</param>
/// <param name="Updated">Days whose bar changed (corrections).</param>
/// <param name="Unchanged">Days already stored with the same values.</param>
/// <param name="Rejected">Rows written to sf.ingest_rejects.</param>
public sealed record BarsResult(string Symbol, string Origin, long Inserted, long Updated, long Unchanged, long Rejected);
