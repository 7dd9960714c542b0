namespace SentimentFactor.Core.Records;

/// <summary>Posts an API pull could not fetch (a row of sf.ingest_gaps, migration 061).</summary>
/// <param name="From">The newest post stored before the gap, when known.</param>
/// <param name="To">Where the pull restarted.</param>
/// <param name="StaleSinceId">The saved since_id the API refused.</param>
/// <param name="Reason">Why, in a few words.</param>
public sealed record IngestGap(DateTimeOffset? From, DateTimeOffset To, string? StaleSinceId, string Reason);
