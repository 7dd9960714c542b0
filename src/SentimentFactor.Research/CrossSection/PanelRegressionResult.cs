namespace SentimentFactor.Research.CrossSection;

/// <summary>A pooled OLS on a panel with clustered standard errors.</summary>
/// <param name="Observations">N, symbol-days.</param>
/// <param name="Symbols">Clusters of the first dimension.</param>
/// <param name="Days">Clusters of the second dimension.</param>
/// <param name="FixedEffects">Whether symbol fixed effects were absorbed (within transformation, no intercept row).</param>
/// <param name="Parameters">K of the (N-1)/(N-K) corrections: slopes, plus the intercept or, with fixed effects, one per symbol (as Stata's areg counts them).</param>
/// <param name="Coefficients">The intercept (without fixed effects) and the slopes.</param>
/// <param name="RSquared">R² (within R² with fixed effects).</param>
public sealed record PanelRegressionResult(
    int Observations, int Symbols, int Days, bool FixedEffects, int Parameters, IReadOnlyList<ClusteredCoefficient> Coefficients, double RSquared)
{
    /// <summary>The row of the named coefficient.</summary>
    public ClusteredCoefficient this[string name] =>
        Coefficients.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"No coefficient '{name}'.");
}
