using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SentimentFactor.Core.Records;
using SentimentFactor.Ingest.Normalization;
using SentimentFactor.Ingest.Sources.Files;

namespace SentimentFactor.Ingest.Sources.Http;

/// <summary>
/// Posts from the X API v2 recent search (GET /2/tweets/search/recent): query, start_time or since_id,
/// max_results, next_token pagination, tweet.fields created_at,lang,author_id,entities. Each page carries its
/// cursor, so a pull stopped between pages resumes at the next page; a finished pull remembers the newest id and
/// the next run asks only for newer posts. The bearer token goes into the Authorization header only.
/// </summary>
public sealed class XRecentSearchSource : IPostSource
{
    /// <summary>The sf.posts.source value of X posts.</summary>
    public const string SourceName = "x";

    private const string TweetFields = "created_at,lang,author_id,entities";
    private readonly string _query;
    private readonly DateTimeOffset? _since;
    private readonly IngestOptions _options;
    private readonly ApiClient _client;
    private readonly ApiPostReader _posts;

    /// <summary>
    /// Creates a pull of <paramref name="query"/>; <paramref name="since"/> (optional) sets start_time instead of
    /// continuing from the saved newest id. <paramref name="http"/> is not owned.
    /// </summary>
    public XRecentSearchSource(
        string query,
        DateTimeOffset? since,
        string bearerToken,
        HttpClient http,
        IngestOptions options,
        TimeProvider timeProvider,
        ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(bearerToken))
        {
            throw IngestException.MissingBearerToken();
        }

        _query = query;
        _since = since;
        _options = options;
        _posts = new ApiPostReader(SourceName, options, timeProvider);
        _client = new ApiClient(
            SourceName,
            http,
            new AuthenticationHeaderValue("Bearer", bearerToken),
            "the bearer token in SF_X_BEARER_TOKEN was refused: check it (and the app's access level) and export it again.",
            options,
            timeProvider,
            logger);
    }

    /// <inheritdoc />
    public string Source => SourceName;

    /// <inheritdoc />
    public string? CursorKey => _query;

    /// <inheritdoc />
    public async IAsyncEnumerable<PostPage> ReadAsync(string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var state = PullCursor.Parse(SourceName, _query, cursor);
        if (state.Page is null)
        {
            // A new pull: an explicit --since wins over the remembered newest id.
            state = _since is { } since
                ? state with { SinceId = null, StartTime = since, PendingNewestId = null }
                : state with { StartTime = null, PendingNewestId = null };
        }

        for (var pageNumber = 1; ; pageNumber++)
        {
            var url = BuildUrl(state);
            using var document = await _client.GetJsonAsync(url, cancellationToken);
            var root = document.RootElement;
            var posts = new List<PostRecord>();
            var rejects = new List<RejectRecord>();
            var records = 0;
            if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
            {
                foreach (var tweet in data.EnumerateArray())
                {
                    records++;
                    _posts.Read(tweet, $"x '{_query}' page {pageNumber} #{records - 1}", posts, rejects);
                }
            }

            var meta = root.TryGetProperty("meta", out var m) ? m : default;
            var newest = Text(meta, "newest_id");
            var next = Text(meta, "next_token");
            if (state.Page is null)
            {
                state = state with { PendingNewestId = PullCursor.MaxId(newest, state.SinceId) };
            }

            if (next is not null)
            {
                state = state with { Page = next };
                yield return new PostPage(posts, rejects, state.Serialize(), records);
                if (pageNumber >= _options.XMaxPages)
                {
                    yield break;
                }

                continue;
            }

            // The last page: from now on only posts newer than the newest of this pull.
            state = new PullCursor { SinceId = PullCursor.MaxId(state.PendingNewestId, state.SinceId) };
            yield return new PostPage(posts, rejects, state.Serialize(), records);
            yield break;
        }
    }

    private Uri BuildUrl(PullCursor state)
    {
        var query = new List<string>
        {
            "query=" + Uri.EscapeDataString(_query),
            "max_results=" + _options.XMaxResults,
            "tweet.fields=" + Uri.EscapeDataString(TweetFields),
        };
        if (state.StartTime is { } start)
        {
            query.Add("start_time=" + Uri.EscapeDataString(start.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)));
        }
        else if (state.SinceId is { } sinceId)
        {
            query.Add("since_id=" + Uri.EscapeDataString(sinceId));
        }

        if (state.Page is { } token)
        {
            query.Add("next_token=" + Uri.EscapeDataString(token));
        }

        return new Uri(_options.XBaseUrl, "2/tweets/search/recent?" + string.Join('&', query));
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ValueKind == JsonValueKind.Number ? value.GetRawText() : null
            : null;
}
