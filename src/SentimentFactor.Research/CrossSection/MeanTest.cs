using SentimentFactor.Research.Statistics;

namespace SentimentFactor.Research.CrossSection;

/// <summary>The mean of a time series with its plain and Newey–West t-statistics.</summary>
/// <param name="Mean">Sample mean.</param>
/// <param name="StandardDeviation">Sample standard deviation (ddof = 1).</param>
/// <param name="Count">T, the number of values.</param>
/// <param name="StandardError">sd / sqrt(T).</param>
/// <param name="TStatistic">Mean / StandardError.</param>
/// <param name="HacLags">Newey–West lag L (floor(4(T/100)^(2/9)), at most floor(T/4)).</param>
/// <param name="HacStandardError">
/// sqrt((γ0 + 2 Σ_{l=1..L} (1 - l/(L+1)) γ_l) / T · T/(T-1)), γ_l the lag-l autocovariance (divisor T); with L = 0
/// it equals <see cref="StandardError"/>.
/// </param>
/// <param name="HacTStatistic">Mean / HacStandardError.</param>
/// <param name="HacPValue">Two-sided p-value of HacTStatistic on t(T - 1).</param>
public sealed record MeanTest(
    double Mean, double StandardDeviation, int Count, double StandardError, double TStatistic,
    int HacLags, double HacStandardError, double HacTStatistic, double HacPValue)
{
    /// <summary>Tests the mean of <paramref name="values"/> (at least 2).</summary>
    /// <param name="values">The series, in time order.</param>
    /// <param name="hacLags">Newey–West lag; null = the automatic rule of <see cref="OrdinaryLeastSquares"/>.</param>
    public static MeanTest Of(IReadOnlyList<double> values, int? hacLags = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var n = values.Count;
        if (n < 2)
        {
            throw ResearchException.TooFewObservations("a mean's t-statistic", n, 2, "Widen the date range or add symbols.");
        }

        var mean = values.Average();
        var gamma0 = values.Sum(v => (v - mean) * (v - mean)) / n;
        var sd = Math.Sqrt(gamma0 * n / (n - 1));
        var lags = hacLags ?? OrdinaryLeastSquares.AutomaticHacLags(n);
        if (lags > OrdinaryLeastSquares.MaximumHacLags(n))
        {
            throw ResearchException.HacLagTooLarge(lags, n, OrdinaryLeastSquares.MaximumHacLags(n));
        }

        var s = gamma0;
        for (var l = 1; l <= lags; l++)
        {
            var gamma = 0.0;
            for (var t = l; t < n; t++)
            {
                gamma += (values[t] - mean) * (values[t - l] - mean);
            }

            s += 2.0 * (1.0 - (l / (lags + 1.0))) * gamma / n;
        }

        var se = sd / Math.Sqrt(n);
        // n/(n-1): the n/(n-k) factor of the regression on a constant, as OLS's HAC errors use.
        var hacSe = Math.Sqrt(Math.Max(s, 0.0) / n * n / (n - 1));
        var t0 = mean / se;
        var hacT = mean / hacSe;
        return new MeanTest(mean, sd, n, se, t0, lags, hacSe, hacT, Tail.StudentTTwoSided(hacT, n - 1));
    }
}
