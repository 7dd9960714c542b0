namespace SentimentFactor.Research.Statistics;

/// <summary>One out-of-sample prediction.</summary>
/// <param name="Day">The day predicted.</param>
/// <param name="ProbabilityUp">Fitted P(up) from the training window; null when the window's fit failed.</param>
/// <param name="PredictedUp">ProbabilityUp > 0.5, or the training window's majority direction as a fallback.</param>
/// <param name="ActualUp">Whether the day's return was positive.</param>
/// <param name="TrainingRows">Rows the model was fitted on.</param>
public sealed record DirectionPrediction(DateOnly Day, double? ProbabilityUp, bool PredictedUp, bool ActualUp, int TrainingRows);
