namespace SentimentFactor.Storage.Ingest;

/// <summary>What one <see cref="PostStore.WritePageAsync"/> transaction did.</summary>
/// <param name="Inserted">New rows in sf.posts.</param>
/// <param name="Duplicates">Posts already there (same source and id), or repeated within the page.</param>
/// <param name="Rejected">Rows written to sf.ingest_rejects.</param>
/// <param name="DirectCopy">True when the posts went straight into sf.posts (no key was there yet), false when they went through the staging table.</param>
public readonly record struct PostWriteResult(long Inserted, long Duplicates, long Rejected, bool DirectCopy = false);
