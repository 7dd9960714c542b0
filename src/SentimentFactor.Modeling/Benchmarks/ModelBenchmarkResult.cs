namespace SentimentFactor.Modeling.Benchmarks;

/// <summary>What one graph variant did in <see cref="ModelBenchmark"/>.</summary>
/// <param name="Variant">plain or fused.</param>
/// <param name="Posts">Posts scored.</param>
/// <param name="Tokens">Real (unpadded) tokens scored.</param>
/// <param name="Elapsed">Wall time of the scoring, warm-up excluded.</param>
/// <param name="ConvertElapsed">Wall time of the conversion to ONNX.</param>
/// <param name="SessionElapsed">Wall time of creating the ONNX Runtime session (graph optimisation included).</param>
/// <param name="Nodes">Nodes in the converted graph.</param>
/// <param name="Provider">Execution provider that ran it.</param>
/// <param name="Flops">
/// Floating-point operations of the encoder over the padded batches, counted the same for both variants (dense layers
/// 2 x tokens x (4 H^2 + 2 H I) plus attention 4 x S^2 x H per row and layer), so FLOP/s compare across variants.
/// </param>
public sealed record ModelBenchmarkVariantResult(string Variant, int Posts, long Tokens, TimeSpan Elapsed, TimeSpan ConvertElapsed,
    TimeSpan SessionElapsed, int Nodes, string Provider, double Flops = 0)
{
    /// <summary>Achieved encoder FLOP/s, in TFLOP/s.</summary>
    public double TeraFlopsPerSecond => Flops / Elapsed.TotalSeconds / 1e12;

    /// <summary>Posts per second.</summary>
    public double PostsPerSecond => Posts / Elapsed.TotalSeconds;

    /// <summary>Real tokens per second.</summary>
    public double TokensPerSecond => Tokens / Elapsed.TotalSeconds;
}

/// <summary>Both variants, and how far apart their logits were.</summary>
/// <param name="Plain">The standard-operator graph.</param>
/// <param name="Fused">The fused-operator graph.</param>
/// <param name="Parameters">Weights of the random model.</param>
/// <param name="MaxLogitDifference">Largest |plain - fused| over every logit scored.</param>
public sealed record ModelBenchmarkResult(ModelBenchmarkVariantResult Plain, ModelBenchmarkVariantResult Fused, long Parameters, float MaxLogitDifference)
{
    /// <summary>Fused posts/s over plain posts/s.</summary>
    public double Ratio => Fused.PostsPerSecond / Plain.PostsPerSecond;
}
