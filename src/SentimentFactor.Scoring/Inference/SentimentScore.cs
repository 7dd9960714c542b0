using SentimentFactor.Scoring.Models;

namespace SentimentFactor.Scoring.Inference;

/// <summary>One post's class probabilities (they sum to 1) and the most probable class.</summary>
public readonly record struct SentimentScore(SentimentLabel Label, float PNeg, float PNeu, float PPos)
{
    /// <summary>What an empty or whitespace-only post gets, without running the model: neutral with certainty.</summary>
    public static SentimentScore Empty { get; } = new(SentimentLabel.Neutral, 0f, 1f, 0f);
}
