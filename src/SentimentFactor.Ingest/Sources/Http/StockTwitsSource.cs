using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SentimentFactor.Core.Records;

namespace SentimentFactor.Ingest.Sources.Http;

/// <summary>
/// Messages of one StockTwits symbol stream (GET /api/2/streams/symbol/{SYMBOL}.json, newest first, 30 a page):
/// since = the newest id stored, max = the page below the last one read. The author's own Bullish/Bearish tag
/// (entities.sentiment.basic) is kept in posts.user_label. A pull stopped between pages resumes at the next page;
/// the first pull of a symbol reads at most Ingest:StockTwitsMaxPages pages of history.
/// </summary>
public sealed class StockTwitsSource : IPostSource
{
    /// <summary>The sf.posts.source value of StockTwits messages.</summary>
    public const string SourceName = "stocktwits";

    private readonly string _symbol;
    private readonly IngestOptions _options;
    private readonly ApiClient _client;
    private readonly ApiPostReader _posts;

    /// <summary>Creates a pull of <paramref name="symbol"/>'s stream; <paramref name="http"/> is not owned.</summary>
    public StockTwitsSource(string symbol, HttpClient http, IngestOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _symbol = symbol.Trim().ToUpperInvariant();
        _options = options;
        _posts = new ApiPostReader(SourceName, options, timeProvider);
        _client = new ApiClient(
            SourceName,
            http,
            null,
            "the StockTwits API refused the request: check Ingest:StockTwitsBaseUrl and your access.",
            options,
            timeProvider,
            logger);
    }

    /// <inheritdoc />
    public string Source => SourceName;

    /// <inheritdoc />
    public string? CursorKey => _symbol;

    /// <inheritdoc />
    public async IAsyncEnumerable<PostPage> ReadAsync(string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var state = PullCursor.Parse(SourceName, _symbol, cursor);
        var firstPull = state.SinceId is null;
        for (var pageNumber = 1; ; pageNumber++)
        {
            using var document = await _client.GetJsonAsync(BuildUrl(state), cancellationToken);
            var root = document.RootElement;
            var posts = new List<PostRecord>();
            var rejects = new List<RejectRecord>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            string? newest = null;
            long? oldest = null;
            var records = 0;
            if (root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
            {
                foreach (var message in messages.EnumerateArray())
                {
                    records++;
                    if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("id", out var idElement) && idElement.TryGetInt64(out var id))
                    {
                        newest = PullCursor.MaxId(newest, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        oldest = oldest is null ? id : Math.Min(oldest.Value, id);
                    }

                    _posts.Read(message, $"stocktwits {_symbol} page {pageNumber} #{records - 1}", posts, rejects, seen);
                }
            }

            var more = records > 0 && oldest is not null
                && root.TryGetProperty("cursor", out var c) && c.ValueKind == JsonValueKind.Object
                && c.TryGetProperty("more", out var moreElement) && moreElement.ValueKind == JsonValueKind.True;
            if (state.Page is null)
            {
                state = state with { PendingNewestId = PullCursor.MaxId(newest, state.SinceId) };
            }

            var lastPage = !more || (firstPull && pageNumber >= _options.StockTwitsMaxPages);
            if (!lastPage)
            {
                // "max" returns ids at or below it: the next page starts just below the oldest one read.
                state = state with { Page = (oldest!.Value - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) };
                yield return new PostPage(posts, rejects, state.Serialize(), records);
                if (pageNumber >= _options.StockTwitsMaxPages)
                {
                    yield break;
                }

                continue;
            }

            state = new PullCursor { SinceId = PullCursor.MaxId(state.PendingNewestId, state.SinceId) };
            yield return new PostPage(posts, rejects, state.Serialize(), records);
            yield break;
        }
    }

    private Uri BuildUrl(PullCursor state)
    {
        var query = new List<string>();
        if (state.SinceId is { } since)
        {
            query.Add("since=" + Uri.EscapeDataString(since));
        }

        if (state.Page is { } max)
        {
            query.Add("max=" + Uri.EscapeDataString(max));
        }

        var path = "api/2/streams/symbol/" + Uri.EscapeDataString(_symbol) + ".json";
        return new Uri(_options.StockTwitsBaseUrl, query.Count == 0 ? path : path + "?" + string.Join('&', query));
    }
}
