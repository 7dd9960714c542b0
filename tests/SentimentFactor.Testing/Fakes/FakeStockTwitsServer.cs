using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace SentimentFactor.Testing.Fakes;

/// <summary>
/// A fake StockTwits API: GET /api/2/streams/symbol/{SYMBOL}.json with since/max, newest first,
/// <see cref="PageSize"/> messages a page, cursor {more, since, max}; 404 for an unknown symbol; faults as
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

    /// <summary>Adds a message to <paramref name="symbol"/>'s stream; <paramref name="sentiment"/> is Bullish, Bearish or null.</summary>
    public void AddMessage(string symbol, long id, DateTimeOffset createdAt, string body, string? sentiment, long userId = 7)
    {
        var message = new JsonObject
        {
            ["id"] = id,
            ["body"] = body,
            ["created_at"] = createdAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["user"] = new JsonObject { ["id"] = userId, ["username"] = "user" + userId },
            ["symbols"] = new JsonArray(new JsonObject { ["id"] = 686, ["symbol"] = symbol.ToUpperInvariant(), ["title"] = symbol }),
            ["entities"] = new JsonObject { ["sentiment"] = sentiment is null ? null : new JsonObject { ["basic"] = sentiment } },
        };
        lock (_lock)
        {
            if (!_streams.TryGetValue(symbol, out var stream))
            {
                _streams[symbol] = stream = [];
            }

            stream.Add((id, message));
            stream.Sort((a, b) => b.Id.CompareTo(a.Id));
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
