namespace SentimentFactor.Research.Statistics;

/// <summary>One row for direction prediction: features known at the close of day t, the direction of a later day.</summary>
/// <param name="InformationIndex">Index (on the trading-day grid) of the last day whose data the features use.</param>
/// <param name="OutcomeIndex">Index of the day whose return direction is the outcome (after InformationIndex).</param>
/// <param name="OutcomeDay">That day's date.</param>
/// <param name="Features">One value per feature, in the order of the feature names.</param>
/// <param name="Up">Whether the outcome day's log return was strictly positive.</param>
public sealed record DirectionObservation(int InformationIndex, int OutcomeIndex, DateOnly OutcomeDay, double[] Features, bool Up);
