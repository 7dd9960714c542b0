namespace SentimentFactor.Core.Factors;

/// <summary>The daily factor formulas (docs/architecture.md); the database computes the same in sf.daily_sentiment.</summary>
public static class SentimentFactors
{
    /// <summary>Label names in sf.post_scores, compared case-insensitively.</summary>
    public const string Positive = "positive";

    /// <inheritdoc cref="Positive"/>
    public const string Neutral = "neutral";

    /// <inheritdoc cref="Positive"/>
    public const string Negative = "negative";

    /// <summary>Bullishness B = ln((1 + n_pos) / (1 + n_neg)); 0 for a day without posts.</summary>
    // Antweiler & Frank (2004), "Is All That Talk Just Noise?", eq. (3).
    public static double Bullishness(int positive, int negative) => Math.Log((1.0 + positive) / (1.0 + negative));

    /// <summary>Net sentiment (n_pos - n_neg) / n_total; <c>null</c> when there are no posts.</summary>
    public static double? Net(int positive, int negative, int total) =>
        total == 0 ? null : (double)(positive - negative) / total;
}
