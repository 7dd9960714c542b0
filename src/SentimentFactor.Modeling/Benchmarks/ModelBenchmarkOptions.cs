using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Modeling.Benchmarks;

/// <summary>Shape and workload of <see cref="ModelBenchmark"/>.</summary>
public sealed record ModelBenchmarkOptions
{
    /// <summary>Posts scored by each graph.</summary>
    public int Posts { get; init; } = 2000;

    /// <summary>Transformer layers of the random Megatron-BERT (BERT-base: 12).</summary>
    public int Layers { get; init; } = 12;

    /// <summary>Model width (BERT-base: 768).</summary>
    public int Hidden { get; init; } = 768;

    /// <summary>Attention heads (BERT-base: 12).</summary>
    public int Heads { get; init; } = 12;

    /// <summary>Posts per batch (batches are length-sorted and padded to their longest post).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Longest post in tokens, [CLS] and [SEP] included.</summary>
    public int MaxLength { get; init; } = 128;

    /// <summary>Convert with float16 weights and compute.</summary>
    public bool Fp16 { get; init; }

    /// <summary>Seed of the weights and of the generated posts.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Where ONNX Runtime runs.</summary>
    public Runtime.ExecutionDevice Device { get; init; } = Runtime.ExecutionDevice.Auto;
}
