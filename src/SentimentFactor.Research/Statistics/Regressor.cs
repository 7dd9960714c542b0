namespace SentimentFactor.Research.Statistics;

/// <summary>One named column of a design matrix (the intercept is added by the estimators, never passed in).</summary>
/// <param name="Name">Name shown in tables and stored in results, e.g. "bullishness" or "r[t-1]".</param>
/// <param name="Values">One value per observation, finite.</param>
public sealed record Regressor(string Name, double[] Values);
