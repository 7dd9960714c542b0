using System.Globalization;
using SentimentFactor.Scoring.Tokenization;

namespace SentimentFactor.Scoring.Benchmarks;

/// <summary>
/// Seeded social-media posts for `sf bench score` whose token lengths follow real financial tweets: each post's
/// length (in the model's own tokens, [CLS]/[SEP] included) is drawn from the histogram in TweetTokenLengths.txt
/// (9,543 real tweets, mean 27.6 tokens, maximum 82) and the post is built to exactly that length, capped at the
/// model's max length.
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

    // One token each in any BERT uncased vocabulary: they close the last gap exactly.
    private static readonly string[] Fillers = ["up", "down", "buy", "sell", "now", "the", "and", "stock"];

    private static readonly Lazy<(int Tokens, int Count)[]> Histogram = new(LoadHistogram);

    /// <summary>The real tweets' length histogram: (tokens, tweets), by length.</summary>
    public static IReadOnlyList<(int Tokens, int Count)> TweetLengths => Histogram.Value;

    /// <summary><paramref name="count"/> posts, the same for the same seed and tokenizer.</summary>
    public static IReadOnlyList<string> Generate(int count, WordPieceTokenizer tokenizer, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var random = new Random(seed);
        // Words are separated by spaces and WordPiece splits at whitespace first, so a post's length is 2 ([CLS],
        // [SEP]) plus the sum of its words' token counts.
        var words = Phrases.SelectMany(p => p.Split(' ')).Distinct().Select(w => (Word: w, Tokens: tokenizer.Encode(w).Length - 2)).Where(w => w.Tokens > 0).ToArray();
        var fillers = Fillers.Where(f => tokenizer.Encode(f).Length == 3).ToArray();
        var histogram = Histogram.Value;
        var total = histogram.Sum(h => h.Count);
        var posts = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var pick = random.Next(total);
            var target = histogram[^1].Tokens;
            foreach (var (tokens, tweets) in histogram)
            {
                if ((pick -= tweets) < 0)
                {
                    target = tokens;
                    break;
                }
            }

            var remaining = Math.Min(target, tokenizer.MaxLength) - 2;
            var post = new List<string>();
            while (remaining > 0)
            {
                var (word, tokens) = words[random.Next(words.Length)];
                if (tokens > remaining)
                {
                    (word, tokens) = (fillers[random.Next(fillers.Length)], 1);
                }

                post.Add(word);
                remaining -= tokens;
            }

            posts.Add(string.Join(' ', post));
        }

        return posts;
    }

    private static (int Tokens, int Count)[] LoadHistogram()
    {
        using var stream = typeof(BenchPostGenerator).Assembly.GetManifestResourceStream("SentimentFactor.Scoring.Benchmarks.TweetTokenLengths.txt")
            ?? throw new InvalidOperationException("The embedded resource TweetTokenLengths.txt is missing from SentimentFactor.Scoring.");
        using var reader = new StreamReader(stream);
        var rows = new List<(int, int)>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                var parts = line.Split(' ');
                rows.Add((int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture)));
            }
        }

        return [.. rows];
    }
}
