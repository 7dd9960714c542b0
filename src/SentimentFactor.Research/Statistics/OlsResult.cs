namespace SentimentFactor.Research.Statistics;

/// <summary>An OLS fit y = [1, X] b + e with classical and Newey–West inference.</summary>
/// <param name="Outcome">Name of y.</param>
/// <param name="Observations">n.</param>
/// <param name="Parameters">k, the intercept included.</param>
/// <param name="Coefficients">The intercept first ("const"), then the regressors in the order given.</param>
/// <param name="RSquared">1 - SSR / SST (SST about the mean).</param>
/// <param name="AdjustedRSquared">1 - (1 - R²)(n - 1)/(n - k).</param>
/// <param name="FStatistic">All slopes zero, classical: ((SST - SSR)/(k - 1)) / (SSR/(n - k)); null when k = 1.</param>
/// <param name="FPValue">P(F(k - 1, n - k) > F); null when k = 1.</param>
/// <param name="ResidualStandardError">sqrt(SSR / (n - k)).</param>
/// <param name="SumSquaredResiduals">SSR.</param>
/// <param name="HacLags">Newey–West truncation lag L used (Bartlett weights 1 - l/(L + 1)).</param>
/// <param name="HacLagRule">How L was chosen: "floor(4(n/100)^(2/9))" or "set".</param>
/// <param name="HacWaldF">All slopes zero with the HAC covariance: Wald / (k - 1); null when k = 1.</param>
/// <param name="HacWaldPValue">P(F(k - 1, n - k) > HacWaldF); null when k = 1.</param>
public sealed record OlsResult(
    string Outcome,
    int Observations,
    int Parameters,
    IReadOnlyList<CoefficientEstimate> Coefficients,
    double RSquared,
    double AdjustedRSquared,
    double? FStatistic,
    double? FPValue,
    double ResidualStandardError,
    double SumSquaredResiduals,
    int HacLags,
    string HacLagRule,
    double? HacWaldF,
    double? HacWaldPValue)
{
    /// <summary>Residual degrees of freedom, n - k.</summary>
    public int ResidualDegreesOfFreedom => Observations - Parameters;

    /// <summary>The row of the named coefficient.</summary>
    public CoefficientEstimate this[string name] =>
        Coefficients.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"No coefficient '{name}'.");
}
