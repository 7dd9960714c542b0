using System.Text.Json;
using SentimentFactor.Core.Records;
using SentimentFactor.Ingest.Normalization;
using SentimentFactor.Ingest.Sources.Files;

namespace SentimentFactor.Ingest.Sources.Http;

/// <summary>
/// Turns one post object of an API page into a normalised post, or a reject with its reason and raw bytes: the step
/// the X and StockTwits sources share.
/// </summary>
internal sealed class ApiPostReader(string source, IngestOptions options, TimeProvider timeProvider)
{
    private readonly JsonPostReader _reader = new(FieldMap.Default);
    private readonly PostNormalizer _normalizer = new(options, timeProvider);

    public void Read(JsonElement element, string location, List<PostRecord> posts, List<RejectRecord> rejects)
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

        if (reason is null && _normalizer.Normalize(source, raw, out reason) is { } post)
        {
            posts.Add(post);
            return;
        }

        rejects.Add(new RejectRecord(source, reason!, JsonPostReader.RawBytes(element, options.MaxRejectPayloadBytes), location));
    }
}
