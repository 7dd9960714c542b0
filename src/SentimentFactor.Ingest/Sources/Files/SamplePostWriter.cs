using System.Globalization;
using System.Text;

namespace SentimentFactor.Ingest.Sources.Files;

/// <summary>
/// Writes synthetic posts in the default JSONL layout (for `sf bench ingest` and tests): the i-th post (i = 1..N) gets
/// id <see cref="PostId"/>(i), times two seconds apart from <paramref name="start"/>, texts of 60-200 characters with
/// one or two cashtags, deterministic per seed.
/// </summary>
public static class SamplePostWriter
{
    private static readonly string[] Tickers = ["AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "AMD", "NFLX", "INTC", "BRK.B", "QQQ"];
    private static readonly string[] Phrases =
    [
        "looking strong into earnings", "I am worried about guidance", "sold half my position today", "this dip is a gift",
        "volume is drying up", "breaking out of the range", "not touching this until the Fed meets", "great quarter, raised outlook",
        "analysts downgrade after weak margins", "holding through the noise", "new all-time high, wow", "bagholders everywhere",
    ];

    /// <summary>
    /// The id of the i-th post: 19 digits that grow with i, shaped like the X (Twitter) snowflake ids of real data
    /// sets, so that the primary key grows at its right edge as in a real load (ids "1".."N" of varying length land all
    /// over the key instead: "10" sorts before "2").
    /// </summary>
    public static string PostId(int i) => (1_400_000_000_000_000_000L + (i * 8_388_608L)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes <paramref name="count"/> posts to <paramref name="path"/>; returns the bytes written.</summary>
    public static async Task<long> WriteAsync(string path, int count, DateTimeOffset start, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous);
        var line = new StringBuilder(512);
        var buffer = new MemoryStream(1 << 21);
        for (var i = 1; i <= count; i++)
        {
            line.Clear();
            var first = Tickers[random.Next(Tickers.Length)];
            line.Append("{\"id\":\"").Append(PostId(i))
                .Append("\",\"created_at\":\"").Append(start.AddSeconds(2.0 * i).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
                .Append("\",\"text\":\"$").Append(first).Append(' ').Append(Phrases[random.Next(Phrases.Length)]);
            if (random.Next(3) == 0)
            {
                line.Append(", also watching $").Append(Tickers[random.Next(Tickers.Length)]);
            }

            line.Append(". ").Append(Phrases[random.Next(Phrases.Length)]).Append(" #stocks")
                .Append("\",\"author_id\":\"").Append(random.Next(1, 50_000).ToString(CultureInfo.InvariantCulture))
                .Append("\",\"lang\":\"en\"}\n");
            var bytes = Encoding.UTF8.GetBytes(line.ToString());
            buffer.Write(bytes);
            if (buffer.Length > 1 << 20)
            {
                await file.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
                buffer.SetLength(0);
            }
        }

        await file.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
        return file.Length;
    }
}
