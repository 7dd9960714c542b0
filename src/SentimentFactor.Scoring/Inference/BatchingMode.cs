namespace SentimentFactor.Scoring.Inference;

/// <summary>How texts are grouped into batches (the engine uses <see cref="TokenBudget"/>; the others are `sf bench score` baselines).</summary>
public enum BatchingMode
{
    /// <summary>Sorted by token length, batches filled up to the token budget, padded to the batch's longest text.</summary>
    TokenBudget,

    /// <summary>Each text alone, unpadded.</summary>
    OneByOne,

    /// <summary>
    /// Hugging Face pipeline-style: fixed batches of 32 in arrival order, each padded to its own longest text
    /// (what `pipeline(..., batch_size=32)` or a plain DataLoader with dynamic padding does).
    /// </summary>
    FixedArrival,

    /// <summary>Sorted by token length, then fixed batches of 32, each padded to its own longest text (a careful user's loop).</summary>
    FixedSorted,

    /// <summary>Texts grouped by exact token length into full batches: no padding at all (the model's ceiling).</summary>
    EqualLength,
}
