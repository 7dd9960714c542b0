using SentimentFactor.Scoring.Inference;

namespace SentimentFactor.Scoring.Benchmarks;

/// <summary>
/// `sf bench quantize`'s speed half: the same posts through the float32 and the int8 classifier, taking turns on
/// slices of <see cref="SliceSize"/> posts (the order alternating), so the machine's drift hits both alike.
/// </summary>
public static class QuantizeBenchmark
{
    /// <summary>Posts per turn.</summary>
    public const int SliceSize = 500;

    /// <summary>Posts per second of each classifier, with the engine's own batching.</summary>
    public static async Task<(ScoreScenario Fp32, ScoreScenario Int8)> RunAsync(
        SentimentClassifier floatModel, SentimentClassifier quantized, IReadOnlyList<string> posts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(floatModel);
        ArgumentNullException.ThrowIfNull(quantized);
        ArgumentNullException.ThrowIfNull(posts);
        var warmUp = posts.Take(64).ToList();
        await floatModel.ScoreWithStatsAsync(warmUp, BatchingMode.TokenBudget, cancellationToken);
        await quantized.ScoreWithStatsAsync(warmUp, BatchingMode.TokenBudget, cancellationToken);
        PipelineStats? a = null, b = null;
        for (int start = 0, slice = 0; start < posts.Count; start += SliceSize, slice++)
        {
            var part = posts.Skip(start).Take(SliceSize).ToList();
            if (slice % 2 == 0)
            {
                a = PipelineStats.Accumulate(a, (await floatModel.ScoreWithStatsAsync(part, BatchingMode.TokenBudget, cancellationToken)).Stats);
                b = PipelineStats.Accumulate(b, (await quantized.ScoreWithStatsAsync(part, BatchingMode.TokenBudget, cancellationToken)).Stats);
            }
            else
            {
                b = PipelineStats.Accumulate(b, (await quantized.ScoreWithStatsAsync(part, BatchingMode.TokenBudget, cancellationToken)).Stats);
                a = PipelineStats.Accumulate(a, (await floatModel.ScoreWithStatsAsync(part, BatchingMode.TokenBudget, cancellationToken)).Stats);
            }
        }

        return (new ScoreScenario("fp32", a!), new ScoreScenario("int8", b!));
    }

    /// <summary>The CPU's model name and the instruction-set flags that matter for int8 and bf16 kernels (Linux).</summary>
    public static string CpuDescription()
    {
        if (!File.Exists("/proc/cpuinfo"))
        {
            return "cpu flags unknown (no /proc/cpuinfo)";
        }

        var lines = File.ReadLines("/proc/cpuinfo").ToList();
        var model = lines.FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var flags = (lines.FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(':', 2)[1] ?? "")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        string[] relevant = ["avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512_vnni", "avx_vnni", "avx512_bf16", "amx_int8", "amx_bf16"];
        var present = relevant.Where(flags.Contains).ToList();
        var absent = relevant.Where(f => !flags.Contains(f)).ToList();
        return $"{model}; {Environment.ProcessorCount} cores; flags: {string.Join(' ', present)}" + (absent.Count > 0 ? $" (absent: {string.Join(' ', absent)})" : "");
    }

}
