using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SentimentFactor.Testing.Fakes;

/// <summary>
/// A fake X API v2 recent search (GET /2/tweets/search/recent) over an in-memory list of tweets, in the real shapes:
/// since_id, start_time, max_results, next_token pagination newest first, meta.newest_id/oldest_id/result_count/
/// next_token, Bearer check (401 otherwise), and the faults of <see cref="FakeApiServer"/>. Fields other than id and
/// text are served only when tweet.fields asks for them (note_tweet, referenced_tweets, entities, ...); referenced
/// tweets come in includes.tweets only with expansions=referenced_tweets.id, and one that is gone is reported in a
/// partial "errors" array next to "data". A since_id or start_time older than the 7-day window is answered with X's
/// 400 Invalid Request.
/// </summary>
public sealed class FakeXApiServer : FakeApiServer
{
    /// <summary>How far back recent search reaches.</summary>
    public static readonly TimeSpan SearchWindow = TimeSpan.FromDays(7);

    // Snowflake ids count milliseconds from 2010-11-04T01:42:54.657Z in their upper bits.
    private const long TwitterEpochMs = 1288834974657;

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Lock _lock = new();
    private readonly List<(long Id, DateTimeOffset CreatedAt, JsonObject Json)> _tweets = [];
    private readonly Dictionary<string, JsonObject> _included = new(StringComparer.Ordinal);

    public FakeXApiServer(TimeProvider clock, string bearerToken = "test-token")
        : base(clock)
    {
        BearerToken = bearerToken;
    }

    /// <summary>The token the server accepts.</summary>
    public string BearerToken { get; }

    /// <summary>A snowflake id for a tweet posted at <paramref name="at"/> (as X's ids are).</summary>
    public static long SnowflakeId(DateTimeOffset at, int sequence = 0) => ((at.ToUnixTimeMilliseconds() - TwitterEpochMs) << 22) | (long)sequence;

    /// <summary>The instant encoded in a snowflake id.</summary>
    public static DateTimeOffset SnowflakeTime(long id) => DateTimeOffset.FromUnixTimeMilliseconds((id >> 22) + TwitterEpochMs);

    /// <summary>
    /// A tweet object as the API writes it; cashtags of the text (not a cut final one ending in "…") appear in
    /// entities.cashtags; <paramref name="noteText"/> makes it a long post (note_tweet.text holds all of it);
    /// <paramref name="references"/> are its referenced_tweets (type retweeted, quoted or replied_to).
    /// </summary>
    public static JsonObject Tweet(long id, DateTimeOffset createdAt, string text, string authorId = "42", string lang = "en", string? noteText = null, params (string Type, long Id)[] references)
    {
        var tweet = new JsonObject
        {
            ["id"] = id.ToString(CultureInfo.InvariantCulture),
            ["text"] = text,
            ["created_at"] = createdAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["author_id"] = authorId,
            ["lang"] = lang,
            ["edit_history_tweet_ids"] = new JsonArray(id.ToString(CultureInfo.InvariantCulture)),
            ["entities"] = new JsonObject { ["cashtags"] = Cashtags(text) },
        };
        if (noteText is not null)
        {
            tweet["note_tweet"] = new JsonObject { ["text"] = noteText, ["entities"] = new JsonObject { ["cashtags"] = Cashtags(noteText) } };
        }

        if (references.Length > 0)
        {
            tweet["referenced_tweets"] = new JsonArray([.. references.Select(r => (JsonNode)new JsonObject { ["type"] = r.Type, ["id"] = r.Id.ToString(CultureInfo.InvariantCulture) })]);
        }

        return tweet;
    }

    /// <summary>X's text of a retweet: "RT @name: " and the original, cut to 140 characters ending in "…".</summary>
    public static string RetweetText(string screenName, string originalText)
    {
        var text = $"RT @{screenName}: {originalText}";
        return text.Length <= 140 ? text : text[..139] + "…";
    }

    /// <summary>Adds a well-formed tweet (see <see cref="Tweet"/>).</summary>
    public void AddTweet(long id, DateTimeOffset createdAt, string text, string authorId = "42", string lang = "en", string? noteText = null, params (string Type, long Id)[] references) =>
        AddRaw(id, createdAt, Tweet(id, createdAt, text, authorId, lang, noteText, references));

    /// <summary>
    /// Adds a retweet by <paramref name="authorId"/> of <paramref name="original"/> (a <see cref="Tweet"/> object),
    /// whose text X cuts; the original is served in includes.tweets unless <paramref name="originalGone"/>.
    /// </summary>
    public void AddRetweet(long id, DateTimeOffset createdAt, string authorId, string screenName, JsonObject original, bool originalGone = false)
    {
        var originalText = original["note_tweet"]?["text"]?.GetValue<string>() ?? original["text"]!.GetValue<string>();
        var originalId = long.Parse(original["id"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        AddRaw(id, createdAt, Tweet(id, createdAt, RetweetText(screenName, originalText), authorId, references: ("retweeted", originalId)));
        if (!originalGone)
        {
            AddIncluded(original);
        }
    }

    /// <summary>Makes a tweet available to includes.tweets (a referenced tweet) without it matching the search.</summary>
    public void AddIncluded(JsonObject tweet)
    {
        lock (_lock)
        {
            _included[tweet["id"]!.GetValue<string>()] = tweet;
        }
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

        var now = Clock.GetUtcNow();
        var windowStart = now - SearchWindow;
        var max = int.TryParse(Query(request, "max_results"), out var m) ? m : 10;
        var since = long.TryParse(Query(request, "since_id"), out var s) ? s : long.MinValue;
        var start = DateTimeOffset.TryParse(Query(request, "start_time"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var st) ? st : DateTimeOffset.MinValue;
        if (since != long.MinValue && TimeOf(since) < windowStart)
        {
            return (400, InvalidRequest("since_id", Query(request, "since_id"), $"'since_id' must be a tweet id created after {Minute(windowStart)}. Please use a 'since_id' that is larger than {SnowflakeId(windowStart)}"));
        }

        if (start != DateTimeOffset.MinValue && start < windowStart)
        {
            return (400, InvalidRequest("start_time", Query(request, "start_time"), $"Invalid 'start_time':'{Query(request, "start_time")}'. 'start_time' must be on or after {Minute(windowStart)}"));
        }

        var fields = Query(request, "tweet.fields").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var expand = Query(request, "expansions").Split(',').Contains("referenced_tweets.id");
        var token = Query(request, "next_token");
        var below = token.StartsWith("below-", StringComparison.Ordinal) ? long.Parse(token[6..], CultureInfo.InvariantCulture) : long.MaxValue;
        List<(long Id, DateTimeOffset CreatedAt, JsonObject Json)> matching;
        lock (_lock)
        {
            matching = [.. _tweets.Where(t => t.Id > since && t.CreatedAt >= start && t.CreatedAt >= windowStart && t.Id < below)];
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

        var body = new JsonObject();
        if (page.Count > 0)
        {
            body["data"] = new JsonArray([.. page.Select(t => (JsonNode)Served(t.Json, fields))]);
        }

        if (expand)
        {
            AddIncludes(body, page.Select(t => t.Json), fields);
        }

        body["meta"] = meta;
        return (200, body.ToJsonString(Json));
    }

    // Referenced tweets go to includes.tweets; one that is not there (deleted, protected) is a partial error.
    private void AddIncludes(JsonObject body, IEnumerable<JsonObject> page, HashSet<string> fields)
    {
        var included = new JsonArray();
        var errors = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        lock (_lock)
        {
            foreach (var tweet in page)
            {
                foreach (var reference in tweet["referenced_tweets"]?.AsArray() ?? [])
                {
                    var id = reference!["id"]!.GetValue<string>();
                    if (!seen.Add(id))
                    {
                        continue;
                    }

                    if (_included.TryGetValue(id, out var found))
                    {
                        included.Add(Served(found, fields));
                    }
                    else
                    {
                        errors.Add(new JsonObject
                        {
                            ["value"] = id,
                            ["detail"] = $"Could not find tweet with referenced_tweets.id: [{id}].",
                            ["title"] = "Not Found Error",
                            ["resource_type"] = "tweet",
                            ["parameter"] = "referenced_tweets.id",
                            ["resource_id"] = id,
                            ["type"] = "https://api.twitter.com/2/problems/resource-not-found",
                        });
                    }
                }
            }
        }

        if (included.Count > 0)
        {
            body["includes"] = new JsonObject { ["tweets"] = included };
        }

        if (errors.Count > 0)
        {
            body["errors"] = errors;
        }
    }

    // Only id and text are default fields; the rest come when tweet.fields names them.
    private static JsonObject Served(JsonObject tweet, HashSet<string> fields)
    {
        var served = new JsonObject();
        foreach (var (name, value) in tweet)
        {
            if (name is "id" or "text" or "edit_history_tweet_ids" || fields.Contains(name))
            {
                served[name] = value?.DeepClone();
            }
        }

        return served;
    }

    private DateTimeOffset TimeOf(long id)
    {
        lock (_lock)
        {
            foreach (var t in _tweets)
            {
                if (t.Id == id)
                {
                    return t.CreatedAt;
                }
            }
        }

        return SnowflakeTime(id);
    }

    private static string Minute(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mmZ", CultureInfo.InvariantCulture);

    private static string InvalidRequest(string parameter, string value, string message) => new JsonObject
    {
        ["errors"] = new JsonArray(new JsonObject
        {
            ["parameters"] = new JsonObject { [parameter] = new JsonArray(value) },
            ["message"] = message,
        }),
        ["title"] = "Invalid Request",
        ["detail"] = "One or more parameters to your request was invalid.",
        ["type"] = "https://api.twitter.com/2/problems/invalid-request",
    }.ToJsonString(Json);

    private static JsonArray Cashtags(string text)
    {
        var cashtags = new JsonArray();
        var at = 0;
        foreach (var word in text.Split(' '))
        {
            if (word.StartsWith('$') && word.Length > 1 && char.IsLetter(word[1]) && !word.EndsWith('…'))
            {
                var tag = word[1..].TrimEnd('.', ',', '!', '?');
                cashtags.Add(new JsonObject { ["start"] = at, ["end"] = at + 1 + tag.Length, ["tag"] = tag });
            }

            at += word.Length + 1;
        }

        return cashtags;
    }
}
