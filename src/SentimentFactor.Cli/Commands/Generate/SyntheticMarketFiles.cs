using System.Globalization;
using System.Text;
using System.Text.Json;
using SentimentFactor.Core.Synthetic;

namespace SentimentFactor.Cli.Commands.Generate;

/// <summary>
/// Writes a synthetic world as the files a researcher would bring: posts in the default JSONL layout (with a few
/// broken lines), the index's daily bars in Yahoo's CSV layout, and the truth beside them.
/// </summary>
internal static class SyntheticMarketFiles
{
    public const string PostsFile = "posts.jsonl";
    public const string BarsFile = "index-bars.csv";
    public const string TruthFile = "truth.json";

    private static readonly string[] Malformed =
    [
        """{"id": "broken-no-time", "text": "$AAPL this line has no created_at"}""",
        """{"id": "broken-bad-time", "created_at": "sometime last week", "text": "$TSLA unreadable timestamp"}""",
        """{"id": "broken-json", "created_at": "2025-01-02T10:00:00Z", "text": "cut off mid-line""",
    ];

    /// <summary>The three files' paths in <paramref name="directory"/>.</summary>
    public static (string Posts, string Bars, string Truth) Paths(string directory) =>
        (Path.Combine(directory, PostsFile), Path.Combine(directory, BarsFile), Path.Combine(directory, TruthFile));

    public static async Task WriteAsync(SyntheticWorld world, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var (postsPath, barsPath, truthPath) = Paths(directory);
        await WritePostsAsync(world, postsPath, cancellationToken);
        await File.WriteAllTextAsync(barsPath, Bars(world), new UTF8Encoding(false), cancellationToken);
        await File.WriteAllBytesAsync(truthPath, Truth(world), cancellationToken);
    }

    private static async Task WritePostsAsync(SyntheticWorld world, string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
        var posts = world.Posts;
        var malformed = Math.Min(world.Spec.MalformedLines, posts.Count);
        var every = malformed == 0 ? int.MaxValue : Math.Max(1, posts.Count / (malformed + 1));
        var written = 0;
        for (var i = 0; i < posts.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (written < malformed && i > 0 && i % every == 0)
            {
                await writer.WriteLineAsync(Malformed[written % Malformed.Length]);
                written++;
            }

            await writer.WriteLineAsync(PostLine(posts[i]));
        }
    }

    internal static string PostLine(SyntheticPost post)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("id", post.Id);
            json.WriteString("created_at", post.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteString("text", post.Text);
            json.WriteString("author_id", post.AuthorId);
            json.WriteString("lang", "en");
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Bars(SyntheticWorld world)
    {
        var csv = new StringBuilder("Date,Open,High,Low,Close,Adj Close,Volume\n");
        foreach (var d in world.Days)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{d.Day:yyyy-MM-dd},{d.Open:F2},{d.High:F2},{d.Low:F2},{d.Close:F2},{d.Close:F2},{d.Volume}\n");
        }

        return csv.ToString();
    }

    private static byte[] Truth(SyntheticWorld world)
    {
        var spec = world.Spec;
        var truth = new
        {
            note = "Synthetic data. next-day log return = drift + return_on_mood * mood(t) + noise; mood drives the mix of day t's posts.",
            seed = spec.Seed,
            trading_days = world.Days.Count,
            posts_per_day = spec.PostsPerDay,
            first_day = world.Days[0].Day,
            last_day = world.Days[^1].Day,
            return_on_mood = spec.ReturnOnMood,
            drift = spec.Drift,
            return_noise = spec.ReturnNoise,
            mood_persistence = spec.MoodPersistence,
            mood_tilt = spec.MoodTilt,
            malformed_lines = Math.Min(spec.MalformedLines, world.Posts.Count),
            days = world.Days.Select(d => new
            {
                day = d.Day,
                mood = Math.Round(d.Mood, 6),
                share_pos = Math.Round(d.SharePositive, 6),
                share_neg = Math.Round(d.ShareNegative, 6),
                n_pos = d.Positive,
                n_neu = d.Neutral,
                n_neg = d.Negative,
                log_return = Math.Round(d.LogReturn, 8),
                close = Math.Round(d.Close, 2),
            }),
        };
        return JsonSerializer.SerializeToUtf8Bytes(truth, new JsonSerializerOptions { WriteIndented = true });
    }
}
