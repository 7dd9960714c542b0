namespace SentimentFactor.Ingest.Normalization;

/// <summary>
/// A post as a source read it, before the shared checks. Reused by the file readers (one instance per reader):
/// <see cref="Clear"/> between records.
/// </summary>
public sealed class RawPost
{
    /// <summary>The source's id, as text.</summary>
    public string? Id { get; set; }

    /// <summary>The timestamp as text (ISO-8601, v1.1 or Unix digits), when given as text.</summary>
    public string? CreatedAtText { get; set; }

    /// <summary>The timestamp, when the source already has it as an instant (numeric epoch, parsed API field).</summary>
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>The text as given.</summary>
    public string? Text { get; set; }

    /// <summary>Author id, when known.</summary>
    public string? AuthorId { get; set; }

    /// <summary>Language tag, when known.</summary>
    public string? Lang { get; set; }

    /// <summary>The author's own label (StockTwits Bullish/Bearish), when any.</summary>
    public string? UserLabel { get; set; }

    /// <summary>original, retweet, quote or reply when the input says so; null lets the normaliser apply the text rule ("RT @name:").</summary>
    public string? Kind { get; set; }

    /// <summary>The id of the post it retweets, quotes or replies to, when the input says so.</summary>
    public string? RefPostId { get; set; }

    /// <summary>The full text of the retweeted post, when the input carries it: its cashtags count for the retweet too.</summary>
    public string? OriginalText { get; set; }

    /// <summary>Tickers the source itself tagged (entities), upper-cased by the normaliser; cashtags in the text are added to them.</summary>
    public List<string> EntitySymbols { get; } = [];

    /// <summary>Resets every field for the next record.</summary>
    public void Clear()
    {
        Id = null;
        CreatedAtText = null;
        CreatedAt = null;
        Text = null;
        AuthorId = null;
        Lang = null;
        UserLabel = null;
        Kind = null;
        RefPostId = null;
        OriginalText = null;
        EntitySymbols.Clear();
    }
}
