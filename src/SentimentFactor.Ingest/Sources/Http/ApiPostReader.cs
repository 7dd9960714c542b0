using System.Text.Json;
using SentimentFactor.Core.Records;
using SentimentFactor.Ingest.Normalization;
using SentimentFactor.Ingest.Sources.Files;

namespace SentimentFactor.Ingest.Sources.Http;

/// <summary>
/// Turns one post object of an API page into a normalised post, or a reject with its reason and raw bytes: the step
/// the X and StockTwits sources share. An original the object carries inside (a StockTwits reshare's message) is
/// stored as a post of its own; a post id already read in the same page is skipped.
/// </summary>
internal sealed class ApiPostReader(string source, IngestOptions options, TimeProvider timeProvider)
{
    private readonly JsonPostReader _reader = new(FieldMap.Default);
    private readonly PostNormalizer _normalizer = new(options, timeProvider);

    /// <summary>
    /// Reads <paramref name="element"/> into <paramref name="posts"/> or <paramref name="rejects"/>.
    /// <paramref name="originalTexts"/> (X v2 includes) gives the full text of a retweeted post by id, whose
    /// cashtags then count for the retweet too.
    /// </summary>
    public void Read(JsonElement element, string location, List<PostRecord> posts, List<RejectRecord> rejects, HashSet<string> seen, IReadOnlyDictionary<string, string>? originalTexts = null)
    {
        Add(element, location, posts, rejects, seen, originalTexts);
        if (JsonPostReader.TryGetEmbeddedOriginal(element, out var original))
        {
            Add(original, location + " original", posts, rejects, seen, null);
        }
    }

    private void Add(JsonElement element, string location, List<PostRecord> posts, List<RejectRecord> rejects, HashSet<string> seen, IReadOnlyDictionary<string, string>? originalTexts)
    {
        var raw = new RawPost();
        string? reason;
        try
        {
            reason = _reader.Read(element, raw) ? null : "not_a_post";
        }
        catch (InvalidOperationException)
        {
            reason = "invalid_unicode";
        }

        if (reason is null && raw.OriginalText is null && raw.RefPostId is { } reference && originalTexts is not null
            && originalTexts.TryGetValue(reference, out var originalText))
        {
            raw.OriginalText = originalText;
        }

        if (reason is null && _normalizer.Normalize(source, raw, out reason) is { } post)
        {
            if (seen.Add(post.PostId))
            {
                posts.Add(post);
            }

            return;
        }

        rejects.Add(new RejectRecord(source, reason!, JsonPostReader.RawBytes(element, options.MaxRejectPayloadBytes), location));
    }
}
