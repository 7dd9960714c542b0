namespace SentimentFactor.Core.Records;

/// <summary>A resume position to save in sf.ingest_cursors together with a page of posts.</summary>
/// <param name="Source">The source name (x, stocktwits).</param>
/// <param name="Query">What was pulled: the search query or the symbol.</param>
/// <param name="Position">Opaque position text the source understands.</param>
public sealed record CursorUpdate(string Source, string Query, string Position);
