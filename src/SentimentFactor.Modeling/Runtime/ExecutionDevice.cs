namespace SentimentFactor.Modeling.Runtime;

/// <summary>Where a model runs: the one device setting of scoring, training and benchmarks.</summary>
public enum ExecutionDevice
{
    /// <summary>CUDA when its execution provider starts, otherwise CPU.</summary>
    Auto,

    /// <summary>The CUDA execution provider (GPU 0).</summary>
    Cuda,

    /// <summary>The CPU execution provider.</summary>
    Cpu,
}
