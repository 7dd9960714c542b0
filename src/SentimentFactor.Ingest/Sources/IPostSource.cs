namespace SentimentFactor.Ingest.Sources;

/// <summary>
/// A place posts come from. A new source is one class: it reads its input as pages of normalised posts and
/// rejects (through the shared <see cref="Normalization.PostNormalizer"/>) and tells, per page, where to resume.
/// <see cref="IngestRunner"/> writes each page with its cursor in one transaction.
/// </summary>
public interface IPostSource
{
    /// <summary>The value of sf.posts.source for these posts (x, stocktwits, file, ...).</summary>
    string Source { get; }

    /// <summary>The key of this pull in sf.ingest_cursors (query or symbol); null when the source keeps no cursor.</summary>
    string? CursorKey { get; }

    /// <summary>What the run reads, for summaries and logs (query, symbol or file path).</summary>
    string Label => CursorKey ?? Source;

    /// <summary>
    /// Reads pages, starting from <paramref name="cursor"/> (the last saved <see cref="PostPage.Cursor"/>, null the first
    /// time). Bad records come as rejects, never as exceptions; an input that cannot be read at all throws
    /// <see cref="IngestException"/>.
    /// </summary>
    IAsyncEnumerable<PostPage> ReadAsync(string? cursor, CancellationToken cancellationToken);
}
