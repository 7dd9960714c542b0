namespace SentimentFactor.Research.CrossSection;

/// <summary>One coefficient of a pooled panel regression with its standard errors under each clustering.</summary>
/// <param name="Name">"const" or the regressor's name.</param>
/// <param name="Estimate">OLS estimate.</param>
/// <param name="OlsSe">Classical: s² (X'X)^-1, s² = SSR / (N - K).</param>
/// <param name="WhiteSe">White / Huber HC1: N / (N - K) · (X'X)^-1 Σ e_i² x_i x_i' (X'X)^-1.</param>
/// <param name="SymbolSe">Clustered by symbol, correction G/(G-1) · (N-1)/(N-K).</param>
/// <param name="DaySe">Clustered by day, the same correction with G = days.</param>
/// <param name="TwoWaySe">
/// Clustered by symbol and day (Cameron, Gelbach &amp; Miller 2011; Thompson 2011): V_symbol + V_day − V_symbol∩day,
/// each with its own correction; null when that difference has a non-positive diagonal (too few clusters).
/// </param>
/// <param name="SymbolPValue">Two-sided p of <see cref="SymbolT"/> on t(G_symbol − 1).</param>
/// <param name="DayPValue">Two-sided p of <see cref="DayT"/> on t(G_day − 1).</param>
/// <param name="TwoWayPValue">Two-sided p of <see cref="TwoWayT"/> on t(min(G_symbol, G_day) − 1); null without a two-way SE.</param>
public sealed record ClusteredCoefficient(
    string Name, double Estimate, double OlsSe, double WhiteSe, double SymbolSe, double DaySe, double? TwoWaySe,
    double SymbolPValue, double DayPValue, double? TwoWayPValue)
{
    /// <summary>t-statistic of the estimate with the symbol-clustered SE.</summary>
    public double SymbolT => Estimate / SymbolSe;

    /// <summary>t-statistic of the estimate with the day-clustered SE.</summary>
    public double DayT => Estimate / DaySe;

    /// <summary>t-statistic of the estimate with the two-way clustered SE; null when it has none.</summary>
    public double? TwoWayT => TwoWaySe is { } se ? Estimate / se : null;
}
