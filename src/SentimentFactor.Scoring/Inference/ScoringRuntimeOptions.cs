using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Scoring.Inference;

/// <summary>The runtime knobs of one classifier or encoder session (from <see cref="ScoringOptions"/> or a test).</summary>
public sealed record ScoringRuntimeOptions
{
    /// <summary>Where to run.</summary>
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Auto;

    /// <summary>Whether CUDA that cannot start falls back to CPU (false: throw).</summary>
    public bool AllowCpuFallback { get; init; } = true;

    /// <summary>Token budget per batch.</summary>
    public int MaxTokensPerBatch { get; init; } = 8_192;

    /// <summary>Most rows per batch.</summary>
    public int MaxBatchSize { get; init; } = 256;

    /// <summary>Batches waiting between tokenizer and model.</summary>
    public int QueueDepth { get; init; } = 2;

    /// <summary>ONNX Runtime intra-op threads (0: ONNX Runtime's choice).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Takes the runtime keys of the bound options.</summary>
    public static ScoringRuntimeOptions From(ScoringOptions options, ExecutionDevice? device = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ScoringRuntimeOptions
        {
            Device = device ?? ExecutionDeviceParser.Parse(options.Device),
            AllowCpuFallback = options.AllowCpuFallback,
            MaxTokensPerBatch = options.MaxTokensPerBatch,
            MaxBatchSize = options.MaxBatchSize,
            QueueDepth = options.QueueDepth,
            IntraOpThreads = options.IntraOpThreads,
        };
    }
}
