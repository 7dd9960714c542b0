using SentimentFactor.Scoring.Tokenization;

namespace SentimentFactor.Scoring.Benchmarks;

/// <summary>
/// Seeded social-media posts of a realistic length mix for `sf bench score`: 80 % of 10-40 tokens, 15 % of
/// 40-120, 5 % from 120 up to the model's max length (lengths in the model's own tokens, [CLS]/[SEP] included).
/// </summary>
public static class BenchPostGenerator
{
    private static readonly string[] Phrases =
    [
        "$AAPL breaking out to new highs", "sold my $TSLA calls", "earnings after the close today", "🚀🚀",
        "guidance raised again", "this looks ugly on the daily", "$NVDA demand is insane", "bears in control",
        "support at 420, resistance at 445", "https://t.co/x7Kq2LmP9a", "#stocks #investing", "volume way above average",
        "Fed minutes at 2pm", "$SPY red all day 📉", "buying the dip", "short squeeze incoming", "no position yet",
        "analysts cutting targets", "margins expanding nicely", "what a terrible quarter", "holding long term 💎🙌",
        "CPI print tomorrow, careful", "$QQQ puts printing", "revenue missed by a mile", "dividend hike announced",
        "can't believe this move", "anyone else watching $AMD?", "insider selling again", "new 52 week low",
    ];

    /// <summary><paramref name="count"/> posts, the same for the same seed and tokenizer.</summary>
    public static IReadOnlyList<string> Generate(int count, WordPieceTokenizer tokenizer, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var random = new Random(seed);
        var posts = new List<string>(count);
        var max = tokenizer.MaxLength;
        for (var i = 0; i < count; i++)
        {
            var roll = random.NextDouble();
            var target = roll < 0.80 ? random.Next(10, 41)
                : roll < 0.95 ? random.Next(40, Math.Min(121, max + 1))
                : random.Next(Math.Min(120, max), max + 1);
            var words = new List<string>();
            var length = 2;
            while (length < target)
            {
                words.Add(Phrases[random.Next(Phrases.Length)]);
                length = tokenizer.Encode(string.Join(' ', words)).Length;
            }

            posts.Add(string.Join(' ', words));
        }

        return posts;
    }
}
