namespace SentimentFactor.Core.Records;

/// <summary>A resume position to save in sf.ingest_cursors together with a page of posts.</summary>
/// <param name="Source">The source name (x, stocktwits).</param>
/// <param name="Query">What was pulled: the search query or the symbol.</param>
/// <param name="Position">Opaque position text the source understands.</param>
/// <param name="Gap">A stretch of time this pull could not fetch, recorded in sf.ingest_gaps with the page.</param>
public sealed record CursorUpdate(string Source, string Query, string Position, IngestGap? Gap = null);
