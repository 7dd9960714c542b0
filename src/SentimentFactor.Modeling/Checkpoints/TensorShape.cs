namespace SentimentFactor.Modeling.Checkpoints;

internal static class TensorShape
{
    public static string Format(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";

    public static string Format(IEnumerable<int> shape) => "[" + string.Join(", ", shape) + "]";

    public static long Count(IEnumerable<int> shape) => shape.Aggregate(1L, (a, d) => a * d);
}
