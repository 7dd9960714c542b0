using SentimentFactor.Core.Records;
using System.Runtime.InteropServices;
using System.Text.Json;
using SentimentFactor.Ingest.Normalization;

namespace SentimentFactor.Ingest.Sources.Files;

/// <summary>
/// Fills a <see cref="RawPost"/> from one JSON post object. Without a mapping it recognises the default layout
/// (id, created_at, text, author_id, lang), X API v2 tweets (entities.cashtags), Twitter v1.1 statuses
/// (id_str, user.id_str, full_text / extended_tweet) and StockTwits messages (body, user.id, symbols,
/// entities.sentiment.basic). With a mapping, mapped fields are read from their paths.
/// </summary>
internal sealed class JsonPostReader
{
    private readonly FieldMap _map;
    private readonly Dictionary<string, string[]> _paths = new(StringComparer.Ordinal);
    private string? _lastLang;
    private byte[] _lastLangBytes = [];

    public JsonPostReader(FieldMap map)
    {
        _map = map;
        foreach (var field in new[] { "id", "created_at", "text", "author_id", "lang", "symbols", "user_label" })
        {
            _paths[field] = map[field].Split('.');
        }
    }

    /// <summary>
    /// The fast path for flat objects in the default layout: reads id, created_at, text, author_id, lang straight
    /// from the UTF-8 bytes. False (and <paramref name="raw"/> undefined) for anything else — nested objects or arrays,
    /// other layouts, a mapping, bad JSON — which then goes through <see cref="JsonDocument"/>.
    /// </summary>
    public bool TryReadFlat(ReadOnlySpan<byte> json, RawPost raw)
    {
        if (!_map.IsDefault)
        {
            return false;
        }

        raw.Clear();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowTrailingCommas = false });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    return !reader.Read();
                }

                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    return false;
                }

                var name = reader.ValueIsEscaped ? "\\"u8 : reader.ValueSpan;
                if (!reader.Read() || reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    return false;
                }

                var isScalar = reader.TokenType is JsonTokenType.String or JsonTokenType.Number;
                if (name.SequenceEqual("text"u8))
                {
                    raw.Text = isScalar ? ScalarOf(ref reader) : null;
                }
                else if (name.SequenceEqual("id"u8))
                {
                    raw.Id = isScalar ? ScalarOf(ref reader) : null;
                }
                else if (name.SequenceEqual("created_at"u8))
                {
                    if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && FastTimestamp.TryParse(reader.ValueSpan, out var at))
                    {
                        raw.CreatedAt = at;
                    }
                    else if (reader.TokenType == JsonTokenType.Number)
                    {
                        return false;
                    }
                    else
                    {
                        raw.CreatedAtText = isScalar ? ScalarOf(ref reader) : null;
                    }
                }
                else if (name.SequenceEqual("author_id"u8))
                {
                    raw.AuthorId = isScalar ? ScalarOf(ref reader) : null;
                }
                else if (name.SequenceEqual("lang"u8))
                {
                    // Few distinct tags: reuse the previous string when the bytes match.
                    if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && _lastLang is not null && reader.ValueSpan.SequenceEqual(_lastLangBytes))
                    {
                        raw.Lang = _lastLang;
                    }
                    else
                    {
                        raw.Lang = isScalar ? ScalarOf(ref reader) : null;
                        if (raw.Lang is { Length: <= 16 } lang && !reader.ValueIsEscaped)
                        {
                            _lastLang = lang;
                            _lastLangBytes = reader.ValueSpan.ToArray();
                        }
                    }
                }
                else if (name.SequenceEqual("id_str"u8) || name.SequenceEqual("body"u8) || name.SequenceEqual("full_text"u8)
                    || name.SequenceEqual("data"u8) || name.SequenceEqual("\\"u8))
                {
                    // Another layout (v1.1, StockTwits, a v2 page) or an escaped name: the general reader decides.
                    return false;
                }
            }

            return false;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string ScalarOf(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : System.Text.Encoding.UTF8.GetString(reader.ValueSpan);

    /// <summary>The post objects a line holds: itself, or the items of an X v2 response page's "data".</summary>
    public static bool TryGetRecords(JsonElement root, out JsonElement records, out bool isArray)
    {
        records = root;
        isArray = false;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (root.TryGetProperty("data", out var data) && !root.TryGetProperty("text", out _))
        {
            if (data.ValueKind == JsonValueKind.Array)
            {
                records = data;
                isArray = true;
                return true;
            }

            if (data.ValueKind == JsonValueKind.Object)
            {
                records = data;
                return true;
            }
        }

        return true;
    }

    /// <summary>The raw UTF-8 bytes of <paramref name="element"/> (for a reject's payload).</summary>
    public static byte[] RawBytes(JsonElement element, int maxBytes)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        return raw.Length <= maxBytes ? raw.ToArray() : raw[..maxBytes].ToArray();
    }

    /// <summary>Reads <paramref name="post"/> into <paramref name="raw"/> (cleared first). False when it is not an object.</summary>
    public bool Read(JsonElement post, RawPost raw)
    {
        raw.Clear();
        if (post.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (!_map.IsDefault)
        {
            ReadMapped(post, raw);
        }
        else if (post.TryGetProperty("id_str", out _) || post.TryGetProperty("user", out var user) && user.ValueKind == JsonValueKind.Object && post.TryGetProperty("text", out _) || post.TryGetProperty("full_text", out _))
        {
            ReadTwitterV1(post, raw);
        }
        else if (!post.TryGetProperty("text", out _) && post.TryGetProperty("body", out _))
        {
            ReadStockTwits(post, raw);
        }
        else
        {
            ReadMapped(post, raw);
        }

        return true;
    }

    private void ReadMapped(JsonElement post, RawPost raw)
    {
        raw.Id = Scalar(Path(post, _paths["id"]));
        ReadCreatedAt(Path(post, _paths["created_at"]), raw);
        raw.Text = Scalar(Path(post, _paths["text"]));
        raw.AuthorId = Scalar(Path(post, _paths["author_id"]));
        raw.Lang = Scalar(Path(post, _paths["lang"]));
        raw.UserLabel = Scalar(Path(post, _paths["user_label"]));
        AddSymbols(Path(post, _paths["symbols"]), raw, null);
        if (post.TryGetProperty("entities", out var entities) && entities.ValueKind == JsonValueKind.Object)
        {
            // X API v2: entities.cashtags[].tag
            AddSymbols(Property(entities, "cashtags"), raw, "tag");
        }

        if (!_map.IsDefault)
        {
            return;
        }

        // X API v2: a post over 280 characters comes cut in "text" and whole in note_tweet.text.
        var note = Property(post, "note_tweet");
        if (Scalar(Property(note, "text")) is { } full)
        {
            raw.Text = full;
            AddSymbols(Property(Property(note, "entities"), "cashtags"), raw, "tag");
        }

        // X API v2: referenced_tweets [{type: retweeted|quoted|replied_to, id}]; a retweet that quotes is a retweet.
        foreach (var (type, kind) in XReferenceKinds)
        {
            foreach (var reference in Items(Property(post, "referenced_tweets")))
            {
                if (Scalar(Property(reference, "type")) == type && Scalar(Property(reference, "id")) is { } id)
                {
                    raw.Kind = kind;
                    raw.RefPostId = id;
                    return;
                }
            }
        }
    }

    /// <summary>
    /// The original a post carries inside itself, to be stored as a post of its own: a v1.1 retweet's
    /// retweeted_status, a StockTwits reshare's reshare_message.message.
    /// </summary>
    public static bool TryGetEmbeddedOriginal(JsonElement post, out JsonElement original)
    {
        original = Property(post, "retweeted_status");
        if (original.ValueKind != JsonValueKind.Object)
        {
            original = Property(Property(post, "reshare_message"), "message");
        }

        return original.ValueKind == JsonValueKind.Object;
    }

    /// <summary>
    /// The originals of the retweets in an X v2 response: the includes.tweets that a tweet of <paramref name="data"/>
    /// references as "retweeted" (quoted and replied-to tweets are not stored: they need not match the search).
    /// </summary>
    public static List<JsonElement> RetweetedIncludes(JsonElement response, JsonElement data)
    {
        var found = new List<JsonElement>();
        var included = Property(Property(response, "includes"), "tweets");
        if (included.ValueKind != JsonValueKind.Array)
        {
            return found;
        }

        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tweet in Items(data))
        {
            foreach (var reference in Items(Property(tweet, "referenced_tweets")))
            {
                if (Scalar(Property(reference, "type")) == "retweeted" && Scalar(Property(reference, "id")) is { } id)
                {
                    wanted.Add(id);
                }
            }
        }

        foreach (var tweet in included.EnumerateArray())
        {
            if (Scalar(Property(tweet, "id")) is { } id && wanted.Remove(id))
            {
                found.Add(tweet);
            }
        }

        return found;
    }

    /// <summary>The full text of an original (X v2 include or v1.1 status), for the cashtags of its retweet.</summary>
    public static string? FullText(JsonElement original) =>
        Scalar(Property(Property(original, "note_tweet"), "text"))
        ?? Scalar(Property(Property(original, "extended_tweet"), "full_text"))
        ?? Scalar(Property(original, "full_text"))
        ?? Scalar(Property(original, "text"))
        ?? Scalar(Property(original, "body"));

    private static readonly (string Type, string Kind)[] XReferenceKinds =
        [("retweeted", PostKinds.Retweet), ("quoted", PostKinds.Quote), ("replied_to", PostKinds.Reply)];

    private static JsonElement.ArrayEnumerator Items(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : default;

    private static void ReadTwitterV1(JsonElement post, RawPost raw)
    {
        raw.Id = Scalar(Property(post, "id_str")) ?? Scalar(Property(post, "id"));
        ReadCreatedAt(Property(post, "created_at"), raw);
        var extended = Property(post, "extended_tweet");
        raw.Text = Scalar(Property(extended, "full_text")) ?? Scalar(Property(post, "full_text")) ?? Scalar(Property(post, "text"));
        var user = Property(post, "user");
        raw.AuthorId = Scalar(Property(user, "id_str")) ?? Scalar(Property(user, "id"));
        raw.Lang = Scalar(Property(post, "lang"));
        AddSymbols(Property(Property(post, "entities"), "symbols"), raw, "text");
        AddSymbols(Property(Property(extended, "entities"), "symbols"), raw, "text");
        var retweeted = Property(post, "retweeted_status");
        if (retweeted.ValueKind == JsonValueKind.Object)
        {
            raw.Kind = PostKinds.Retweet;
            raw.RefPostId = Scalar(Property(retweeted, "id_str")) ?? Scalar(Property(retweeted, "id"));
            raw.OriginalText = FullText(retweeted);
        }
        else if ((Scalar(Property(post, "quoted_status_id_str")) ?? Scalar(Property(Property(post, "quoted_status"), "id_str"))) is { } quoted)
        {
            raw.Kind = PostKinds.Quote;
            raw.RefPostId = quoted;
        }
        else if ((Scalar(Property(post, "in_reply_to_status_id_str")) ?? Scalar(Property(post, "in_reply_to_status_id"))) is { } parent)
        {
            raw.Kind = PostKinds.Reply;
            raw.RefPostId = parent;
        }
        else
        {
            raw.Kind = PostKinds.Original;
        }
    }

    private static void ReadStockTwits(JsonElement post, RawPost raw)
    {
        raw.Id = Scalar(Property(post, "id"));
        ReadCreatedAt(Property(post, "created_at"), raw);
        raw.Text = Scalar(Property(post, "body"));
        raw.AuthorId = Scalar(Property(Property(post, "user"), "id"));
        raw.UserLabel = Scalar(Property(Property(Property(post, "entities"), "sentiment"), "basic"));
        AddSymbols(Property(post, "symbols"), raw, "symbol");
        var reshared = Property(Property(post, "reshare_message"), "message");
        if (reshared.ValueKind == JsonValueKind.Object)
        {
            // A reshare without words of its own repeats the original (a retweet); with them it quotes it.
            var body = Scalar(Property(reshared, "body"));
            var own = raw.Text;
            raw.Kind = string.IsNullOrWhiteSpace(own) || own == body ? PostKinds.Retweet : PostKinds.Quote;
            raw.RefPostId = Scalar(Property(reshared, "id"));
            raw.OriginalText = body;
            if (string.IsNullOrWhiteSpace(own) && body is not null)
            {
                raw.Text = body;
            }
        }
        else if (Scalar(Property(Property(post, "conversation"), "in_reply_to_message_id")) is { } parent)
        {
            raw.Kind = PostKinds.Reply;
            raw.RefPostId = parent;
        }
    }

    private static void ReadCreatedAt(JsonElement value, RawPost raw)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var epoch))
        {
            if (Timestamps.FromEpoch(epoch, out var at) == Timestamps.Result.Ok)
            {
                raw.CreatedAt = at;
            }
            else
            {
                raw.CreatedAtText = value.GetRawText();
            }
        }
        else
        {
            raw.CreatedAtText = Scalar(value);
        }
    }

    private static void AddSymbols(JsonElement value, RawPost raw, string? property)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    var tag = item.ValueKind == JsonValueKind.Object && property is not null ? Scalar(Property(item, property)) : Scalar(item);
                    if (tag is not null)
                    {
                        raw.EntitySymbols.Add(tag);
                    }
                }

                break;
            case JsonValueKind.String:
                raw.EntitySymbols.AddRange(value.GetString()!.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries));
                break;
        }
    }

    private static JsonElement Path(JsonElement element, string[] path)
    {
        foreach (var segment in path)
        {
            element = Property(element, segment);
        }

        return element;
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };
}
