namespace SentimentFactor.Ingest.Sources.Files;

/// <summary>How a post file is laid out.</summary>
public enum FileFormat
{
    /// <summary>From the extension (.jsonl, .ndjson, .json, .csv, before any .gz), else from the first byte.</summary>
    Auto,

    /// <summary>One JSON object per line (a post, an X v2 response page, or a v1.1 status).</summary>
    Jsonl,

    /// <summary>RFC 4180 CSV with a header row.</summary>
    Csv,
}
