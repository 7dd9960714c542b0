namespace SentimentFactor.Modeling.Checkpoints;

/// <summary>A named float32 tensor held in memory, row-major, in the checkpoint's own layout.</summary>
/// <param name="Name">Tensor name as the checkpoint spells it.</param>
/// <param name="Shape">Dimensions, outermost first (a Linear weight is [out, in]).</param>
/// <param name="Data">Elements, row-major; length is the product of <paramref name="Shape"/>.</param>
public sealed record FloatTensor(string Name, int[] Shape, float[] Data)
{
    /// <summary>Number of elements.</summary>
    public long ElementCount => Data.Length;
}
