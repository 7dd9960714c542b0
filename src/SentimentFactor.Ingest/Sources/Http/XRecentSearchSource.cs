using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SentimentFactor.Core.Records;
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

    // note_tweet: the whole text of posts over 280 characters; referenced_tweets: retweet, quote or reply.
    private const string TweetFields = "created_at,lang,author_id,entities,note_tweet,referenced_tweets";

    // Brings the retweeted, quoted and replied-to tweets into includes.tweets (originals of retweets are stored).
    private const string Expansions = "referenced_tweets.id";
    private readonly string _query;
    private readonly DateTimeOffset? _since;
    private readonly IngestOptions _options;
    private readonly ApiClient _client;
    private readonly ApiPostReader _posts;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

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
        _timeProvider = timeProvider;
        _logger = logger;
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
                ? state with { SinceId = null, StartTime = since, PendingNewestId = null, PendingNewestAt = null }
                : state with { StartTime = null, PendingNewestId = null, PendingNewestAt = null };
        }

        IngestGap? gap = null;
        for (var pageNumber = 1; ; pageNumber++)
        {
            JsonDocument document;
            try
            {
                document = await _client.GetJsonAsync(BuildUrl(state), cancellationToken);
            }
            catch (IngestException ex) when (pageNumber == 1 && state.Page is null && state.SinceId is not null && IsStaleSinceId(ex))
            {
                // docs/ingest.md, "A stale since_id": recent search reaches 7 days back and refuses an older since_id
                // for good; restart at the window's start and record what it can no longer return.
                var windowStart = WindowStart(ex.ResponseBody!);
                var restart = windowStart + _options.XWindowMargin;
                var from = state.SinceAt ?? SnowflakeTime(state.SinceId);
                gap = new IngestGap(from, restart, state.SinceId, string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"x '{_query}': the saved since_id {state.SinceId} is older than recent search's 7-day window; pulled from {restart:yyyy-MM-dd HH:mm} UTC instead. Posts between {(from is { } f ? f.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC" : "the last stored post")} and {restart:yyyy-MM-dd HH:mm} UTC cannot be fetched by recent search (recorded in sf.ingest_gaps)."));
                Log.StaleSinceId(_logger, gap.Reason);
                state = state with { SinceId = null, SinceAt = null, StartTime = restart };
                pageNumber--;
                continue;
            }

            using (document)
            {
                // The gap goes with the first page after the fallback (committed with its cursor), and only with it.
                var page = ReadPage(document.RootElement, pageNumber, ref state, gap);
                var last = page.Cursor is null;
                yield return last ? page with { Cursor = state.Serialize() } : page;
                gap = null;
                if (last || pageNumber >= _options.XMaxPages)
                {
                    yield break;
                }
            }
        }
    }

    // One response page: its tweets, the originals of its retweets (includes.tweets), and the cursor after it.
    // Cursor null on the returned page means "the last page": the caller stores the final state.
    private PostPage ReadPage(JsonElement root, int pageNumber, ref PullCursor state, IngestGap? gap)
    {
        var posts = new List<PostRecord>();
        var rejects = new List<RejectRecord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var records = 0;
        var data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Array ? d : default;
        var originals = JsonPostReader.RetweetedIncludes(root, data);
        var originalTexts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var original in originals)
        {
            if (original.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && JsonPostReader.FullText(original) is { } text)
            {
                originalTexts[id.GetString()!] = text;
            }
        }

        if (data.ValueKind == JsonValueKind.Array)
        {
            foreach (var tweet in data.EnumerateArray())
            {
                records++;
                _posts.Read(tweet, $"x '{_query}' page {pageNumber} #{records - 1}", posts, rejects, seen, originalTexts);
            }
        }

        DateTimeOffset? newestAt = null;
        foreach (var post in posts)
        {
            newestAt = PullCursor.Latest(newestAt, post.CreatedAt);
        }

        var index = 0;
        foreach (var original in originals)
        {
            _posts.Read(original, $"x '{_query}' page {pageNumber} includes #{index++}", posts, rejects, seen);
        }

        if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
        {
            // Partial errors next to data (a referenced tweet deleted or protected): the data is still good.
            var first = errors[0].TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : errors[0].GetRawText();
            Log.PartialErrors(_logger, SourceName, _query, pageNumber, errors.GetArrayLength(), first);
        }

        var meta = root.TryGetProperty("meta", out var m) ? m : default;
        var newest = Text(meta, "newest_id");
        var next = Text(meta, "next_token");
        if (state.Page is null)
        {
            state = state with { PendingNewestId = PullCursor.MaxId(newest, state.SinceId) };
        }

        state = state with { PendingNewestAt = PullCursor.Latest(state.PendingNewestAt, newestAt) };
        if (next is not null)
        {
            state = state with { Page = next };
            return new PostPage(posts, rejects, state.Serialize(), records, Gap: gap);
        }

        // The last page: from now on only posts newer than the newest of this pull.
        var newestId = PullCursor.MaxId(state.PendingNewestId, state.SinceId);
        state = new PullCursor { SinceId = newestId, SinceAt = newestId == state.SinceId && state.PendingNewestAt is null ? state.SinceAt : PullCursor.Latest(state.PendingNewestAt, state.SinceAt) };
        return new PostPage(posts, rejects, null, records, Gap: gap);
    }

    // X's 400 for a since_id outside the window names since_id in errors[].parameters (docs/ingest.md quotes it).
    private static bool IsStaleSinceId(IngestException ex)
    {
        if (ex.Status != System.Net.HttpStatusCode.BadRequest || ex.ResponseBody is not { } body)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            foreach (var error in errors.EnumerateArray())
            {
                if (error.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object
                    && parameters.TryGetProperty("since_id", out _))
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return false;
    }

    // "'since_id' must be a tweet id created after 2026-11-18T22:00Z. ..." names the window's start; without it, now - 7 days.
    private DateTimeOffset WindowStart(string body)
    {
        var match = System.Text.RegularExpressions.Regex.Match(body, @"created after (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z)");
        return match.Success && DateTimeOffset.TryParse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : _timeProvider.GetUtcNow() - TimeSpan.FromDays(7);
    }

    // Snowflake ids carry their time: milliseconds since 2010-11-04T01:42:54.657Z in the bits above 22.
    private static DateTimeOffset? SnowflakeTime(string? id)
    {
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < (1L << 40))
        {
            return null;
        }

        return DateTimeOffset.FromUnixTimeMilliseconds((value >> 22) + 1288834974657);
    }

    private Uri BuildUrl(PullCursor state)
    {
        var query = new List<string>
        {
            "query=" + Uri.EscapeDataString(_query),
            "max_results=" + _options.XMaxResults,
            "tweet.fields=" + Uri.EscapeDataString(TweetFields),
            "expansions=" + Uri.EscapeDataString(Expansions),
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
