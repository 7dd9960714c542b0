namespace SentimentFactor.Ingest;

/// <summary>Running totals reported after each page written.</summary>
/// <param name="Records">Input records read so far.</param>
/// <param name="Bytes">Input bytes read so far (files).</param>
/// <param name="Accepted">New posts so far.</param>
/// <param name="Duplicates">Duplicates so far.</param>
/// <param name="Rejected">Rejects so far.</param>
public readonly record struct IngestProgress(long Records, long Bytes, long Accepted, long Duplicates, long Rejected);
