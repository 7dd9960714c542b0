namespace SentimentFactor.Scoring.Models;

/// <summary>The three classes every score is normalised to (columns p_neg, p_neu, p_pos of sf.post_scores).</summary>
public enum SentimentLabel
{
    /// <summary>Bearish / negative.</summary>
    Negative = 0,

    /// <summary>Neutral, or no opinion.</summary>
    Neutral = 1,

    /// <summary>Bullish / positive.</summary>
    Positive = 2,
}
