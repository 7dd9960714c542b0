namespace SentimentFactor.Core.Records;

/// <summary>A record that could not become a post: lands in sf.ingest_rejects with its raw bytes.</summary>
/// <param name="Source">The source name of the run that met it.</param>
/// <param name="Reason">A short reason code (bad_json, invalid_utf8, missing_id, ...).</param>
/// <param name="Payload">The raw bytes as received (possibly cut to the payload limit).</param>
/// <param name="Location">Where it was, e.g. "posts.jsonl:17" or "x page 3".</param>
public sealed record RejectRecord(string Source, string Reason, byte[] Payload, string? Location);
