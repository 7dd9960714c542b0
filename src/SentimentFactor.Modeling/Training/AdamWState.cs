namespace SentimentFactor.Modeling.Training;

/// <summary>
/// <see cref="AdamW"/>'s state for a checkpoint: the steps taken and, per parameter (in the optimizer's order, named),
/// the first and second moment arrays. The arrays are copies; the optimizer keeps its own.
/// </summary>
/// <param name="Step">Steps taken so far.</param>
/// <param name="Names">Parameter names, in order.</param>
/// <param name="FirstMoments">First-moment average per parameter.</param>
/// <param name="SecondMoments">Second-moment average per parameter.</param>
public sealed record AdamWState(long Step, IReadOnlyList<string> Names, IReadOnlyList<float[]> FirstMoments, IReadOnlyList<float[]> SecondMoments);
