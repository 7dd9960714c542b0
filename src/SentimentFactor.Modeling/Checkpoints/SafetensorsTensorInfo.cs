namespace SentimentFactor.Modeling.Checkpoints;

/// <summary>One tensor as a safetensors header describes it.</summary>
/// <param name="Name">Tensor name, e.g. bert.encoder.layer.0.ln.weight.</param>
/// <param name="DType">Element type (F32, F16, BF16, ...).</param>
/// <param name="Shape">Dimensions, outermost first.</param>
/// <param name="Begin">Start of the data, in bytes from the end of the header.</param>
/// <param name="End">End (exclusive) of the data, in bytes from the end of the header.</param>
public sealed record SafetensorsTensorInfo(string Name, string DType, IReadOnlyList<long> Shape, long Begin, long End)
{
    /// <summary>Number of elements (1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);

    /// <summary>Shape written as [d0, d1, ...].</summary>
    public string ShapeText => TensorShape.Format(Shape);
}
