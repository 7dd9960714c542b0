namespace SentimentFactor.Research.Statistics;

/// <summary>
/// One Granger causality F-test: does adding p lags of the cause to p lags of the effect (and an intercept)
/// reduce the residual sum of squares of the effect more than chance would?
/// </summary>
/// <param name="Cause">Name of the series whose lags are tested.</param>
/// <param name="Effect">Name of the series explained.</param>
/// <param name="Lags">p.</param>
/// <param name="Observations">Rows with the effect and all 2p lags present.</param>
/// <param name="FStatistic">((RSS_restricted - RSS_unrestricted) / p) / (RSS_unrestricted / (n - 2p - 1)).</param>
/// <param name="PValue">P(F(p, n - 2p - 1) > F).</param>
/// <param name="DenominatorDegreesOfFreedom">n - 2p - 1.</param>
public sealed record GrangerResult(
    string Cause, string Effect, int Lags, int Observations, double FStatistic, double PValue, int DenominatorDegreesOfFreedom);
