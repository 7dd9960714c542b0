using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace SentimentFactor.Testing.Fakes;

/// <summary>
/// A fake StockTwits API: GET /api/2/streams/symbol/{SYMBOL}.json with since/max, newest first,
/// <see cref="PageSize"/> messages a page, cursor {more, since, max}; 404 for an unknown symbol; its own
/// X-RateLimit-* header names; messages tagging several symbols, reshares and replies; faults as
/// <see cref="FakeApiServer"/>.
/// </summary>
public sealed class FakeStockTwitsServer : FakeApiServer
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<(long Id, JsonObject Json)>> _streams = new(StringComparer.OrdinalIgnoreCase);

    public FakeStockTwitsServer(TimeProvider clock)
        : base(clock)
    {
    }

    /// <summary>Messages per page (the real API gives 30).</summary>
    public int PageSize { get; set; } = 30;

    /// <inheritdoc />
    protected override (string Limit, string Remaining, string Reset) RateLimitHeaders => ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset");

    /// <summary>
    /// A message object as the API writes it. <paramref name="symbols"/> are the tickers it tags (StockTwits writes
    /// crypto as BTC.X and Canadian listings as SHOP.CA); <paramref name="reshareOf"/> makes it a reshare of that
    /// message (reshare_message.message); <paramref name="inReplyTo"/> a reply (conversation.in_reply_to_message_id).
    /// </summary>
    public static JsonObject Message(long id, DateTimeOffset createdAt, string body, string? sentiment, string[] symbols, long userId = 7, JsonObject? reshareOf = null, long? inReplyTo = null)
    {
        var message = new JsonObject
        {
            ["id"] = id,
            ["body"] = body,
            ["created_at"] = createdAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["user"] = new JsonObject { ["id"] = userId, ["username"] = "user" + userId },
            ["symbols"] = new JsonArray([.. symbols.Select((s, i) => (JsonNode)new JsonObject { ["id"] = 686 + i, ["symbol"] = s.ToUpperInvariant(), ["title"] = s })]),
            ["entities"] = new JsonObject { ["sentiment"] = sentiment is null ? null : new JsonObject { ["basic"] = sentiment } },
            ["reshares"] = new JsonObject { ["reshared_count"] = 0, ["user_ids"] = new JsonArray() },
        };
        if (reshareOf is not null)
        {
            message["reshare_message"] = new JsonObject
            {
                ["reshared_count"] = 1,
                ["reshared_deleted"] = false,
                ["reshared_user_deleted"] = false,
                ["parent_reshared_deleted"] = false,
                ["message"] = reshareOf.DeepClone(),
            };
        }

        if (inReplyTo is { } parent)
        {
            message["conversation"] = new JsonObject { ["parent_message_id"] = parent, ["in_reply_to_message_id"] = parent, ["parent"] = false, ["replies"] = 0 };
        }

        return message;
    }

    /// <summary>Adds a message to <paramref name="symbol"/>'s stream; <paramref name="sentiment"/> is Bullish, Bearish or null.</summary>
    public void AddMessage(string symbol, long id, DateTimeOffset createdAt, string body, string? sentiment, long userId = 7) =>
        AddMessage(Message(id, createdAt, body, sentiment, [symbol], userId));

    /// <summary>Adds <paramref name="message"/> to the stream of every symbol it tags.</summary>
    public void AddMessage(JsonObject message)
    {
        var id = message["id"]!.GetValue<long>();
        lock (_lock)
        {
            foreach (var tag in message["symbols"]!.AsArray())
            {
                var symbol = tag!["symbol"]!.GetValue<string>();
                if (!_streams.TryGetValue(symbol, out var stream))
                {
                    _streams[symbol] = stream = [];
                }

                stream.Add((id, message));
                stream.Sort((a, b) => b.Id.CompareTo(a.Id));
            }
        }
    }

    protected override (int Status, string Body) Route(HttpListenerRequest request)
    {
        const string Prefix = "/api/2/streams/symbol/";
        var path = request.Url!.AbsolutePath;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal) || !path.EndsWith(".json", StringComparison.Ordinal))
        {
            return (404, """{"response":{"status":404},"errors":[{"message":"Page not found"}]}""");
        }

        var symbol = Uri.UnescapeDataString(path[Prefix.Length..^5]);
        List<(long Id, JsonObject Json)> matching;
        lock (_lock)
        {
            if (!_streams.TryGetValue(symbol, out var stream))
            {
                return (404, """{"response":{"status":404},"errors":[{"message":"Symbol not found"}]}""");
            }

            var since = long.TryParse(Query(request, "since"), out var s) ? s : long.MinValue;
            var max = long.TryParse(Query(request, "max"), out var m) ? m : long.MaxValue;
            matching = [.. stream.Where(x => x.Id > since && x.Id <= max)];
        }

        var page = matching.Take(PageSize).ToList();
        var body = new JsonObject
        {
            ["symbol"] = new JsonObject { ["symbol"] = symbol.ToUpperInvariant() },
            ["cursor"] = new JsonObject
            {
                ["more"] = matching.Count > page.Count,
                ["since"] = page.Count > 0 ? page[0].Id : null,
                ["max"] = page.Count > 0 ? page[^1].Id : null,
            },
            ["response"] = new JsonObject { ["status"] = 200 },
            ["messages"] = new JsonArray([.. page.Select(x => x.Json.DeepClone())]),
        };
        return (200, body.ToJsonString());
    }
}
