using System.Text.Json;
using System.Text.Json.Serialization;

namespace SentimentFactor.Ingest.Sources.Http;

/// <summary>
/// Where an incremental API pull stands, saved as JSON in sf.ingest_cursors after every page (in the page's
/// transaction). Between pulls only <see cref="SinceId"/> is set: the newest id already stored. During a pull
/// <see cref="Page"/> (X next_token, StockTwits max id) names the next page and <see cref="PendingNewestId"/> the
/// newest id of the pull, which becomes <see cref="SinceId"/> once the last page is stored.
/// </summary>
internal sealed record PullCursor
{
    [JsonPropertyName("since_id")]
    public string? SinceId { get; init; }

    [JsonPropertyName("page")]
    public string? Page { get; init; }

    [JsonPropertyName("pending_newest_id")]
    public string? PendingNewestId { get; init; }

    [JsonPropertyName("start_time")]
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>When the newest stored post (<see cref="SinceId"/>) was posted: where a gap starts if the API refuses it.</summary>
    [JsonPropertyName("since_at")]
    public DateTimeOffset? SinceAt { get; init; }

    /// <summary>The newest post time of the pull in progress, becoming <see cref="SinceAt"/> with its last page.</summary>
    [JsonPropertyName("pending_newest_at")]
    public DateTimeOffset? PendingNewestAt { get; init; }

    /// <summary>The later of two instants.</summary>
    public static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    public static PullCursor Parse(string source, string query, string? position)
    {
        if (string.IsNullOrWhiteSpace(position))
        {
            return new PullCursor();
        }

        try
        {
            return JsonSerializer.Deserialize<PullCursor>(position) ?? new PullCursor();
        }
        catch (JsonException)
        {
            throw IngestException.BadCursor(source, query, position);
        }
    }

    public string Serialize() => JsonSerializer.Serialize(this);

    /// <summary>The larger of two numeric ids (X and StockTwits ids are integers as text; longer is larger).</summary>
    public static string? MaxId(string? a, string? b)
    {
        if (a is null)
        {
            return b;
        }

        if (b is null)
        {
            return a;
        }

        return a.Length != b.Length ? (a.Length > b.Length ? a : b) : (string.CompareOrdinal(a, b) >= 0 ? a : b);
    }
}
