using System.Diagnostics;
using SentimentFactor.Scoring.Inference;

namespace SentimentFactor.Scoring.Benchmarks;

/// <summary>
/// `sf bench score`: the same generated posts through (a) one-at-a-time, (b) fixed 32 padded to max length, (c) the
/// engine and (d) the ceiling, all in one run on one session; plus tokenizer throughput against HF tokenizers.
/// (a) and (b) run on the first <c>slowSample</c> posts when that is smaller (they are slow on CPU). The engine
/// plans batches per slice of 1,000 posts here (interleaved with the ceiling), as `sf score` plans per claimed chunk.
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
        // This machine's load drifts by 2-4x within minutes: each pair of compared scenarios runs interleaved on
        // the same slices (c, d, c, d, ...; a, b, a, b, ...), so drift hits both alike and the ratios hold.
        var (engine, ceiling) = await Interleaved(("(c) engine", BatchingMode.TokenBudget), ("(d) ceiling", BatchingMode.EqualLength), posts, 1_000);
        var (oneByOne, padded) = await Interleaved(("(a) one at a time", BatchingMode.OneByOne), ("(b) fixed 32 padded", BatchingMode.FixedPadded), sample, 64);

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

        async Task<(ScoreScenario First, ScoreScenario Second)> Interleaved(
            (string Name, BatchingMode Mode) first, (string Name, BatchingMode Mode) second, IReadOnlyList<string> texts, int slice)
        {
            PipelineStats? a = null, b = null;
            for (var start = 0; start < texts.Count; start += slice)
            {
                var part = texts.Skip(start).Take(slice).ToList();
                a = Add(a, (await classifier.ScoreWithStatsAsync(part, first.Mode, cancellationToken)).Stats);
                b = Add(b, (await classifier.ScoreWithStatsAsync(part, second.Mode, cancellationToken)).Stats);
            }

            var x = new ScoreScenario(first.Name, a!);
            var y = new ScoreScenario(second.Name, b!);
            foreach (var scenario in new[] { x, y })
            {
                report(string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"{scenario.Name} on {scenario.Stats.Texts} posts: {scenario.PostsPerSecond:F1} posts/s, {scenario.UsefulTokensPerSecond:F0} useful tokens/s, padding {scenario.Stats.PaddingWastePercent:F1} %"));
            }

            return (x, y);
        }
    }

    private static PipelineStats Add(PipelineStats? sum, PipelineStats next) => sum is null
        ? next
        : new PipelineStats(
            sum.Texts + next.Texts, sum.Batches + next.Batches, sum.UsefulTokens + next.UsefulTokens,
            sum.ComputedTokens + next.ComputedTokens, sum.TokenizeTime + next.TokenizeTime, sum.ModelTime + next.ModelTime,
            sum.WaitTime + next.WaitTime, sum.Elapsed + next.Elapsed);

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
