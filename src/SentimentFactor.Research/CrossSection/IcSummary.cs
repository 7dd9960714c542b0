namespace SentimentFactor.Research.CrossSection;

/// <summary>The daily IC series of one horizon, summarised.</summary>
/// <param name="Horizon">h: factor of day t against the return of day t + h.</param>
/// <param name="Days">Days with an IC (at least the minimum symbols, neither side constant).</param>
/// <param name="MeanIc">Mean of the daily ICs.</param>
/// <param name="HitRate">Share of days with IC &gt; 0.</param>
/// <param name="Test">The mean's plain and Newey–West t-statistics (the daily ICs overlap in time for h &gt; 1).</param>
public sealed record IcSummary(int Horizon, int Days, double MeanIc, double HitRate, MeanTest Test);
