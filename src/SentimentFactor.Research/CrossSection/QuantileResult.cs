namespace SentimentFactor.Research.CrossSection;

/// <summary>Quantile portfolios formed each day on the factor, held for one period.</summary>
/// <param name="Quantiles">Q (3 = terciles, 5 = quintiles).</param>
/// <param name="Days">Formation days with at least Q symbols.</param>
/// <param name="MeanReturns">Mean daily return of each quantile over the days, lowest factor first.</param>
/// <param name="LongShort">The daily long–short spread's mean with plain and Newey–West t.</param>
/// <param name="Daily">Every day's quantile returns (for the cumulative plot).</param>
public sealed record QuantileResult(int Quantiles, int Days, IReadOnlyList<double> MeanReturns, MeanTest LongShort, IReadOnlyList<QuantileDay> Daily)
{
    /// <summary>Cumulative sum of the daily long–short log returns, one value per day of <see cref="Daily"/>.</summary>
    public IReadOnlyList<double> CumulativeLongShort()
    {
        var sum = 0.0;
        return Daily.Select(d => sum += d.LongShort).ToList();
    }
}
