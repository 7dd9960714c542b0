namespace SentimentFactor.Core.Records;

/// <summary>The values of sf.posts.kind (migration 060; docs/ingest.md, "Post kinds").</summary>
public static class PostKinds
{
    /// <summary>A post of its own.</summary>
    public const string Original = "original";

    /// <summary>A repeat of another post (X retweet, StockTwits reshare without a comment): not counted by default.</summary>
    public const string Retweet = "retweet";

    /// <summary>A post quoting another with its own words (X quote, StockTwits reshare with a comment).</summary>
    public const string Quote = "quote";

    /// <summary>An answer to another post.</summary>
    public const string Reply = "reply";
}
