namespace SentimentFactor.Scoring.Inference;

/// <summary>How texts are grouped into batches (the engine uses <see cref="TokenBudget"/>; the others are `sf bench score` baselines).</summary>
public enum BatchingMode
{
    /// <summary>Sorted by token length, batches filled up to the token budget, padded to the batch's longest text.</summary>
    TokenBudget,

    /// <summary>Each text alone, unpadded.</summary>
    OneByOne,

    /// <summary>Fixed batches of 32 in input order, padded to the model's max length.</summary>
    FixedPadded,

    /// <summary>Texts grouped by exact token length into full batches: no padding at all (the model's ceiling).</summary>
    EqualLength,
}
