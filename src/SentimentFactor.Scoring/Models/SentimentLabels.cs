namespace SentimentFactor.Scoring.Models;

/// <summary>Maps a model's own label names (config.json id2label) to <see cref="SentimentLabel"/>.</summary>
public static class SentimentLabels
{
    /// <summary>The label names written to sf.post_scores.label, by <see cref="SentimentLabel"/> value.</summary>
    public static IReadOnlyList<string> Names { get; } = ["negative", "neutral", "positive"];

    /// <summary>The name stored for a label.</summary>
    public static string ToName(SentimentLabel label) => Names[(int)label];

    /// <summary>Parses a label name as models and labeled files spell it (case-insensitive); null when unknown.</summary>
    public static SentimentLabel? TryParse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "negative" or "neg" or "bearish" or "-1" => SentimentLabel.Negative,
        "neutral" or "neu" or "0" => SentimentLabel.Neutral,
        "positive" or "pos" or "bullish" or "1" => SentimentLabel.Positive,
        _ => null,
    };

    /// <summary>
    /// For each model output index, the class it feeds; every model needs negative and positive, neutral is optional
    /// (a two-class model gets p_neu = 0). Null when the names cannot be mapped one to one.
    /// </summary>
    public static SentimentLabel[]? MapModelLabels(IReadOnlyList<string> modelLabels)
    {
        var map = new SentimentLabel[modelLabels.Count];
        var seen = new HashSet<SentimentLabel>();
        for (var i = 0; i < modelLabels.Count; i++)
        {
            // Numeric names are ids, not meanings, inside a model config: only words count there.
            var parsed = int.TryParse(modelLabels[i], out _) ? null : TryParse(modelLabels[i]);
            if (parsed is not { } label || !seen.Add(label))
            {
                return null;
            }

            map[i] = label;
        }

        return seen.Contains(SentimentLabel.Negative) && seen.Contains(SentimentLabel.Positive) ? map : null;
    }
}
