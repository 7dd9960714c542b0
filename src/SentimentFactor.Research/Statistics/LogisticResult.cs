namespace SentimentFactor.Research.Statistics;

/// <summary>A logistic regression P(y = 1) = 1 / (1 + exp(-[1, X] b)) fitted by Newton/IRLS.</summary>
/// <param name="Outcome">Name of y.</param>
/// <param name="Observations">n.</param>
/// <param name="Positives">Observations with y = 1.</param>
/// <param name="Status">Converged, or why there are no coefficients.</param>
/// <param name="Message">One line on the status (what was separated, after how many iterations).</param>
/// <param name="Iterations">Newton steps taken.</param>
/// <param name="Coefficients">The intercept first; empty unless <see cref="Status"/> is Converged.</param>
/// <param name="LogLikelihood">At the estimate (at the last iterate when not converged).</param>
/// <param name="NullLogLikelihood">Of the intercept-only model.</param>
/// <param name="McFaddenRSquared">1 - LogLikelihood / NullLogLikelihood; null unless converged.</param>
/// <param name="LikelihoodRatio">2 (LogLikelihood - NullLogLikelihood); null unless converged.</param>
/// <param name="LikelihoodRatioPValue">P(chi2(k - 1) > LR); null unless converged or when k = 1.</param>
public sealed record LogisticResult(
    string Outcome,
    int Observations,
    int Positives,
    LogisticStatus Status,
    string Message,
    int Iterations,
    IReadOnlyList<LogisticCoefficient> Coefficients,
    double LogLikelihood,
    double NullLogLikelihood,
    double? McFaddenRSquared,
    double? LikelihoodRatio,
    double? LikelihoodRatioPValue)
{
    /// <summary>The row of the named coefficient.</summary>
    public LogisticCoefficient this[string name] =>
        Coefficients.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"No coefficient '{name}'.");
}
