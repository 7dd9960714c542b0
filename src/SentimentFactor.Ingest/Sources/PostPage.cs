using SentimentFactor.Core.Records;

namespace SentimentFactor.Ingest.Sources;

/// <summary>
/// One unit of writing: posts, rejects, and the position to resume from once they are stored (null: unchanged).
/// </summary>
/// <param name="Posts">Normalised posts.</param>
/// <param name="Rejects">Records that could not become posts.</param>
/// <param name="Cursor">Position saved in the same transaction as the posts; null keeps the saved one.</param>
/// <param name="Records">Input records this page stands for (lines, messages), for progress.</param>
/// <param name="Bytes">Input bytes this page stands for, for progress.</param>
/// <param name="Gap">Posts the pull could not fetch (a stale since_id), recorded with the page's cursor and reported once.</param>
public sealed record PostPage(
    IReadOnlyList<PostRecord> Posts,
    IReadOnlyList<RejectRecord> Rejects,
    string? Cursor,
    long Records = 0,
    long Bytes = 0,
    IngestGap? Gap = null);
