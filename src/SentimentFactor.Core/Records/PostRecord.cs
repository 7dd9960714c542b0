namespace SentimentFactor.Core.Records;

/// <summary>One normalised post, ready for sf.posts (key: <see cref="Source"/>, <see cref="PostId"/>).</summary>
/// <param name="Source">Where it came from (x, stocktwits, file, or the --source name).</param>
/// <param name="PostId">The source's own id, as text.</param>
/// <param name="CreatedAt">When it was posted, UTC.</param>
/// <param name="AuthorId">The author's id at the source, when known.</param>
/// <param name="Lang">Language tag as the source gave it (e.g. "en"), when known.</param>
/// <param name="Text">The text for scoring: as given, with the HTML entities the platforms escape decoded (valid Unicode, no NUL).</param>
/// <param name="Symbols">Upper-case tickers from cashtags and entities, without '$', de-duplicated.</param>
/// <param name="UserLabel">The author's own tag (StockTwits Bullish/Bearish), when there is one.</param>
/// <param name="Kind">One of <see cref="PostKinds"/>: original, retweet, quote or reply.</param>
/// <param name="RefPostId">The id (same source) of the post it retweets, quotes or replies to, when known.</param>
/// <param name="RawText">The text exactly as the source sent it, when decoding changed it (null: same as <paramref name="Text"/>).</param>
public sealed record PostRecord(
    string Source,
    string PostId,
    DateTimeOffset CreatedAt,
    string? AuthorId,
    string? Lang,
    string Text,
    string[] Symbols,
    string? UserLabel = null,
    string Kind = PostKinds.Original,
    string? RefPostId = null,
    string? RawText = null);
