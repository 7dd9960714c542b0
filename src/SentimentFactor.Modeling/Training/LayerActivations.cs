namespace SentimentFactor.Modeling.Training;

/// <summary>
/// What one encoder layer's forward pass keeps for its backward pass, over N = batch·sequence tokens; grown, never
/// shrunk. BERT (post-LN): x → [attention] → r1 = x + D(a) → x1 = LN1(r1) → [FFN] → r2 = x1 + D(f) → LN2(r2).
/// Megatron (pre-LN): x → yA = LNa(x) → [attention] → x1 = x + D(a) → yB = LNb(x1) → [FFN] → x1 + D(f).
/// The top layer under the CLS pooler keeps its [CLS] rows' query input and residual in QueryInput and ResidualInput.
/// Norm1 is LN1 or LNa, Norm2 LN2 or LNb.
/// </summary>
internal sealed class LayerActivations<T>
    where T : unmanaged
{
    public T[] Input = [];
    public T[] AttentionInput = [];
    public T[] Xhat1 = [];
    public T[] Rstd1 = [];
    public T[] Query = [];
    public T[] Key = [];
    public T[] Value = [];
    public T[] Probabilities = [];
    public T[] DroppedProbabilities = [];
    public T[] ProbabilityMask = [];
    public T[] Context = [];
    public T[] AttentionMask = [];
    public T[] Middle = [];
    public T[] Xhat2 = [];
    public T[] Rstd2 = [];
    public T[] FeedForwardInput = [];
    public T[] Inner = [];
    public T[] Activated = [];
    public T[] ActivationDerivative = [];
    public T[] OutputMask = [];
    public T[] QueryInput = [];
    public T[] ResidualInput = [];
    public T[] QueryLowRank = [];
    public T[] ValueLowRank = [];

    public void Ensure(int rows, int tokens, int hidden, int intermediate, int probabilities, bool megatron, int rank)
    {
        Grow(ref QueryLowRank, tokens * rank);
        Grow(ref ValueLowRank, tokens * rank);
        Grow(ref QueryInput, rows * hidden);
        Grow(ref ResidualInput, rows * hidden);
        Grow(ref Input, tokens * hidden);
        if (megatron)
        {
            Grow(ref AttentionInput, tokens * hidden);
            Grow(ref FeedForwardInput, tokens * hidden);
        }

        Grow(ref Xhat1, tokens * hidden);
        Grow(ref Rstd1, tokens);
        Grow(ref Query, tokens * hidden);
        Grow(ref Key, tokens * hidden);
        Grow(ref Value, tokens * hidden);
        Grow(ref Probabilities, probabilities);
        Grow(ref DroppedProbabilities, probabilities);
        Grow(ref ProbabilityMask, probabilities);
        Grow(ref Context, tokens * hidden);
        Grow(ref AttentionMask, tokens * hidden);
        Grow(ref Middle, tokens * hidden);
        Grow(ref Xhat2, tokens * hidden);
        Grow(ref Rstd2, tokens);
        Grow(ref Inner, tokens * intermediate);
        Grow(ref Activated, tokens * intermediate);
        Grow(ref ActivationDerivative, tokens * intermediate);
        Grow(ref OutputMask, tokens * hidden);
    }

    public static void Grow(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            array = new T[length];
        }
    }
}
