using System.Diagnostics;
using SentimentFactor.Scoring.Inference;

namespace SentimentFactor.Scoring.Benchmarks;

/// <summary>
/// `sf bench score`: the same generated posts through (a) one-at-a-time, (b) fixed 32 padded to max length, (c) the
/// engine and (d) the ceiling, all in one run on one session; plus tokenizer throughput against HF tokenizers.
/// (a) and (b) run on the first <c>slowSample</c> posts when that is smaller (they are slow on CPU), which the
/// scenario's name says.
/// </summary>
public static class ScoreBenchmark
{
    /// <summary>Runs every scenario; <paramref name="report"/> gets a line as each one ends.</summary>
    public static async Task<ScoreBenchmarkResult> RunAsync(
        SentimentClassifier classifier, IReadOnlyList<string> posts, int slowSample, string? referenceTokenizerJson,
        Action<string> report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(posts);
        ArgumentNullException.ThrowIfNull(report);
        // Warm-up: first runs pay for allocations and kernel selection.
        await classifier.ScoreWithStatsAsync(posts.Take(64).ToList(), BatchingMode.TokenBudget, cancellationToken);

        var sample = posts.Take(Math.Min(slowSample, posts.Count)).ToList();
        var engine = await Scenario("(c) engine", posts, BatchingMode.TokenBudget);
        var ceiling = await Scenario("(d) ceiling", posts, BatchingMode.EqualLength);
        var oneByOne = await Scenario("(a) one at a time", sample, BatchingMode.OneByOne);
        var padded = await Scenario("(b) fixed 32 padded", sample, BatchingMode.FixedPadded);

        var chosen = MeasureTokenizer(posts, text => classifier.Tokenizer.Encode(text).Length);
        double? reference = null;
        string? problem = null;
        if (referenceTokenizerJson is null)
        {
            problem = "no tokenizer.json to load it from";
        }
        else
        {
            try
            {
                using var hf = new Tokenizers.DotNet.Tokenizer(referenceTokenizerJson);
                reference = MeasureTokenizer(posts, text => hf.Encode(text).Length);
            }
            catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException or Tokenizers.DotNet.TokenizerException)
            {
                problem = e.Message;
            }
        }

        return new ScoreBenchmarkResult(oneByOne, padded, engine, ceiling, chosen, reference, problem);

        async Task<ScoreScenario> Scenario(string name, IReadOnlyList<string> texts, BatchingMode mode)
        {
            var (_, stats) = await classifier.ScoreWithStatsAsync(texts, mode, cancellationToken);
            var scenario = new ScoreScenario(name, stats);
            report(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"{name} on {texts.Count} posts: {scenario.PostsPerSecond:F1} posts/s, {scenario.UsefulTokensPerSecond:F0} useful tokens/s, padding {stats.PaddingWastePercent:F1} %"));
            return scenario;
        }
    }

    private static double MeasureTokenizer(IReadOnlyList<string> texts, Func<string, int> encode)
    {
        long tokens = 0;
        foreach (var text in texts.Take(200))
        {
            encode(text);
        }

        var watch = Stopwatch.StartNew();
        var rounds = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(1) || rounds == 0)
        {
            foreach (var text in texts)
            {
                tokens += encode(text);
            }

            rounds++;
        }

        return tokens / watch.Elapsed.TotalSeconds;
    }
}
