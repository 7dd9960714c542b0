using System.Diagnostics;
using SentimentFactor.Scoring.Inference;

namespace SentimentFactor.Scoring.Benchmarks;

/// <summary>
/// `sf bench score`: the same generated posts through (a) Hugging Face pipeline-style batches, (b) length-sorted
/// fixed batches, (c) the engine and (d) the exact-length ceiling, all in one run on one session; plus tokenizer
/// throughput (its Hugging Face baseline is measured by the CLI, which alone ships that native library: docs/architecture.md).
/// Scenarios take turns on slices of 1,000 posts (the engine plans batches per
/// slice here, as `sf score` plans per claimed chunk), the order rotating from slice to slice.
/// </summary>
public static class ScoreBenchmark
{
    private const int SliceSize = 1_000;

    /// <summary>Runs every scenario; <paramref name="report"/> gets a line per scenario at the end.</summary>
    public static async Task<ScoreBenchmarkResult> RunAsync(
        SentimentClassifier classifier, IReadOnlyList<string> posts, Action<string> report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(posts);
        ArgumentNullException.ThrowIfNull(report);
        // Warm-up: first runs pay for allocations and kernel selection.
        await classifier.ScoreWithStatsAsync(posts.Take(64).ToList(), BatchingMode.TokenBudget, cancellationToken);

        (string Name, BatchingMode Mode)[] scenarios =
        [
            ("(a) HF pipeline-style", BatchingMode.FixedArrival),
            ("(b) length-sorted 32s", BatchingMode.FixedSorted),
            ("(c) engine", BatchingMode.TokenBudget),
            ("(d) exact-length ceiling", BatchingMode.EqualLength),
        ];
        // This machine's load drifts by 2-4x within minutes: the scenarios take turns on the same slices, so drift
        // hits all alike and the ratios hold.
        var stats = new PipelineStats?[scenarios.Length];
        for (int start = 0, slice = 0; start < posts.Count; start += SliceSize, slice++)
        {
            var part = posts.Skip(start).Take(SliceSize).ToList();
            for (var turn = 0; turn < scenarios.Length; turn++)
            {
                var s = (turn + slice) % scenarios.Length;
                stats[s] = PipelineStats.Accumulate(stats[s], (await classifier.ScoreWithStatsAsync(part, scenarios[s].Mode, cancellationToken)).Stats);
            }
        }

        var results = scenarios.Select((s, i) => new ScoreScenario(s.Name, stats[i]!)).ToArray();
        foreach (var scenario in results)
        {
            report(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"{scenario.Name} on {scenario.Stats.Texts} posts: {scenario.PostsPerSecond:F1} posts/s, {scenario.UsefulTokensPerSecond:F0} useful tokens/s, padding {scenario.Stats.PaddingWastePercent:F1} %"));
        }

        var chosen = TokenizerTokensPerSecond(posts, text => classifier.Tokenizer.Encode(text).Length);
        return new ScoreBenchmarkResult(results[0], results[1], results[2], results[3], chosen, null, null);
    }


    /// <summary>Tokens per second of <paramref name="encode"/> (token count of one text) over <paramref name="texts"/>, for at least a second after a warm-up.</summary>
    public static double TokenizerTokensPerSecond(IReadOnlyList<string> texts, Func<string, int> encode)
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
