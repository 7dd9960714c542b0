namespace SentimentFactor.Research.Statistics;

/// <summary>Expanding-window out-of-sample direction forecasts against the always-up baseline of the same days.</summary>
/// <param name="Model">What was fitted in each window.</param>
/// <param name="Predictions">Days predicted.</param>
/// <param name="Hits">Days whose direction was predicted right.</param>
/// <param name="HitRate">Hits / Predictions.</param>
/// <param name="BaselineHits">Up days among the predicted days (what "always up" gets right).</param>
/// <param name="BaselineRate">BaselineHits / Predictions.</param>
/// <param name="BinomialPValue">One-sided P(X >= Hits) for X ~ Binomial(Predictions, BaselineRate).</param>
/// <param name="Fallbacks">Windows whose logistic fit failed (separation, singular) and predicted the window's majority.</param>
/// <param name="MinTrainingRows">Rows required before the first prediction.</param>
/// <param name="Points">Every prediction in day order (for the hit-rate plot).</param>
public sealed record OutOfSampleResult(
    string Model,
    int Predictions,
    int Hits,
    double HitRate,
    int BaselineHits,
    double BaselineRate,
    double BinomialPValue,
    int Fallbacks,
    int MinTrainingRows,
    IReadOnlyList<DirectionPrediction> Points);
