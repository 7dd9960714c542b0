namespace SentimentFactor.Ingest;

/// <summary>What one source run did.</summary>
/// <param name="Source">The sf.posts.source value.</param>
/// <param name="Query">The query, symbol or file of the run.</param>
/// <param name="Accepted">New posts stored.</param>
/// <param name="Duplicates">Posts already stored (same source and id), or repeated in the input.</param>
/// <param name="Rejected">Records written to sf.ingest_rejects.</param>
/// <param name="Pages">Pages (transactions) written.</param>
/// <param name="Elapsed">Wall time of the run.</param>
/// <param name="Error">Why the source stopped early (e.g. a 401, a 404 for an unknown symbol), or null when it finished.</param>
/// <param name="Warning">Something the run worked around that the user should know (posts it could not fetch), or null.</param>
public sealed record IngestResult(
    string Source,
    string Query,
    long Accepted,
    long Duplicates,
    long Rejected,
    long Pages,
    TimeSpan Elapsed,
    string? Error = null,
    string? Warning = null)
{
    /// <summary>True when the source ran to its end.</summary>
    public bool Succeeded => Error is null;
}
