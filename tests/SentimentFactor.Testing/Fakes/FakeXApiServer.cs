using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SentimentFactor.Testing.Fakes;

/// <summary>
/// A fake X API v2 recent search (GET /2/tweets/search/recent) over an in-memory list of tweets: since_id,
/// start_time, max_results, next_token pagination newest first, meta.newest_id/oldest_id/result_count/next_token,
/// Bearer check (401 otherwise), and the faults of <see cref="FakeApiServer"/>.
/// </summary>
public sealed class FakeXApiServer : FakeApiServer
{
    private readonly Lock _lock = new();
    private readonly List<(long Id, DateTimeOffset CreatedAt, JsonObject Json)> _tweets = [];

    public FakeXApiServer(TimeProvider clock, string bearerToken = "test-token")
        : base(clock)
    {
        BearerToken = bearerToken;
    }

    /// <summary>The token the server accepts.</summary>
    public string BearerToken { get; }

    /// <summary>Adds a well-formed tweet; its cashtags appear in entities.cashtags.</summary>
    public void AddTweet(long id, DateTimeOffset createdAt, string text, string authorId = "42", string lang = "en")
    {
        var cashtags = new JsonArray();
        foreach (var word in text.Split(' ').Where(w => w.StartsWith('$') && w.Length > 1 && char.IsLetter(w[1])))
        {
            cashtags.Add(new JsonObject { ["start"] = text.IndexOf(word, StringComparison.Ordinal), ["end"] = text.IndexOf(word, StringComparison.Ordinal) + word.Length, ["tag"] = word[1..].TrimEnd('.', ',') });
        }

        AddRaw(id, createdAt, new JsonObject
        {
            ["id"] = id.ToString(CultureInfo.InvariantCulture),
            ["text"] = text,
            ["created_at"] = createdAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["author_id"] = authorId,
            ["lang"] = lang,
            ["edit_history_tweet_ids"] = new JsonArray(id.ToString(CultureInfo.InvariantCulture)),
            ["entities"] = new JsonObject { ["cashtags"] = cashtags },
        });
    }

    /// <summary>Adds a tweet object as given (to serve malformed ones); <paramref name="id"/> orders and pages it.</summary>
    public void AddRaw(long id, DateTimeOffset createdAt, JsonObject tweet)
    {
        lock (_lock)
        {
            _tweets.Add((id, createdAt, tweet));
            _tweets.Sort((a, b) => b.Id.CompareTo(a.Id));
        }
    }

    protected override (int Status, string Body) Route(HttpListenerRequest request)
    {
        if (request.Url!.AbsolutePath != "/2/tweets/search/recent")
        {
            return (404, """{"title":"Not Found Error","status":404}""");
        }

        if (request.Headers["Authorization"] != "Bearer " + BearerToken)
        {
            return (401, """{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}""");
        }

        var max = int.TryParse(Query(request, "max_results"), out var m) ? m : 10;
        var since = long.TryParse(Query(request, "since_id"), out var s) ? s : long.MinValue;
        var start = DateTimeOffset.TryParse(Query(request, "start_time"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var st) ? st : DateTimeOffset.MinValue;
        var token = Query(request, "next_token");
        var below = token.StartsWith("below-", StringComparison.Ordinal) ? long.Parse(token[6..], CultureInfo.InvariantCulture) : long.MaxValue;
        List<(long Id, DateTimeOffset CreatedAt, JsonObject Json)> matching;
        lock (_lock)
        {
            matching = [.. _tweets.Where(t => t.Id > since && t.CreatedAt >= start && t.Id < below)];
        }

        var page = matching.Take(max).ToList();
        var meta = new JsonObject { ["result_count"] = page.Count };
        if (page.Count > 0)
        {
            meta["newest_id"] = page[0].Id.ToString(CultureInfo.InvariantCulture);
            meta["oldest_id"] = page[^1].Id.ToString(CultureInfo.InvariantCulture);
        }

        if (matching.Count > page.Count)
        {
            meta["next_token"] = "below-" + page[^1].Id.ToString(CultureInfo.InvariantCulture);
        }

        var body = new JsonObject { ["meta"] = meta };
        if (page.Count > 0)
        {
            body["data"] = new JsonArray([.. page.Select(t => t.Json.DeepClone())]);
        }

        return (200, body.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }
}
