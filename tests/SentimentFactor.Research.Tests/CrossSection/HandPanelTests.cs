using SentimentFactor.Research.CrossSection;

namespace SentimentFactor.Research.Tests.CrossSection;

/// <summary>IC, quantile portfolios and Fama–MacBeth on a 3-day, 4-symbol panel worked out by hand.</summary>
public sealed class HandPanelTests
{
    private static readonly DateOnly Day1 = new(2024, 3, 4), Day2 = new(2024, 3, 5), Day3 = new(2024, 3, 6);

    // Day 1: factor ranks 1..4, return ranks 1,3,2,4. Day 2: perfectly reversed. Day 3: a tie in the factor (A = B).
    private static readonly PanelObservation[] Panel =
    [
        new("A", Day1, 1, 0.01), new("B", Day1, 2, 0.03), new("C", Day1, 3, 0.02), new("D", Day1, 4, 0.04),
        new("A", Day2, 4, 0.01), new("B", Day2, 3, 0.02), new("C", Day2, 2, 0.03), new("D", Day2, 1, 0.04),
        new("A", Day3, 1, 0.02), new("B", Day3, 1, 0.01), new("C", Day3, 2, 0.03), new("D", Day3, 3, 0.05),
    ];

    [Fact]
    public void Daily_rank_ic_is_spearmans_rho_with_average_ranks_for_ties()
    {
        var daily = InformationCoefficient.Daily(Panel, minSymbols: 4);

        // Day 1: 1 - 6 Σd² / (n(n² - 1)) = 1 - 6·2/60. Day 2: -1. Day 3: ranks (1.5, 1.5, 3, 4) vs (2, 1, 3, 4):
        // Σ dx dy = 4.5, Σ dx² = 4.5, Σ dy² = 5, so rho = 4.5 / sqrt(22.5) = 3 / sqrt(10).
        Assert.Equal([0.8, -1.0, 3.0 / Math.Sqrt(10.0)], daily.Select(d => d.Ic), new Tolerance(1e-12));
        var summary = InformationCoefficient.Summarize(1, daily);
        Assert.Equal((0.8 - 1.0 + (3.0 / Math.Sqrt(10.0))) / 3.0, summary.MeanIc, 1e-12);
        Assert.Equal(2.0 / 3.0, summary.HitRate, 1e-12);
        Assert.Equal(0, summary.Test.HacLags); // floor(3/4) = 0: the plain t
        Assert.Equal(summary.Test.StandardError, summary.Test.HacStandardError, 1e-15);
        Assert.Empty(InformationCoefficient.Daily(Panel, minSymbols: 5));
    }

    [Fact]
    public void Fama_macbeth_averages_the_daily_cross_sectional_slopes()
    {
        // Slopes S_xy / S_xx: day 1 0.04 / 5, day 2 -0.05 / 5, day 3 0.0475 / 2.75; intercepts ȳ - b x̄.
        double[] slopes = [0.008, -0.01, 0.0475 / 2.75];
        double[] intercepts = [0.025 - (0.008 * 2.5), 0.025 + (0.01 * 2.5), 0.0275 - (0.0475 / 2.75 * 1.75)];
        var mean = slopes.Average();
        var sd = Math.Sqrt(slopes.Sum(s => (s - mean) * (s - mean)) / 2.0);

        var fm = FamaMacBeth.Fit(Panel, minSymbols: 3);

        Assert.Equal(3, fm.Days);
        Assert.Equal(mean, fm.Slope.Mean, 1e-15);
        Assert.Equal(sd / Math.Sqrt(3.0), fm.Slope.StandardError, 1e-15);
        Assert.Equal(mean / (sd / Math.Sqrt(3.0)), fm.Slope.TStatistic, 1e-12);
        Assert.Equal(intercepts.Average(), fm.Intercept.Mean, 1e-15);
    }

    [Fact]
    public void Quantile_portfolios_split_each_day_by_factor_and_ties_by_symbol()
    {
        var result = QuantilePortfolios.Build(Panel, quantiles: 2);

        // Day 1: low {A, B} 0.02, high {C, D} 0.03. Day 2: low {D, C} 0.035, high {B, A} 0.015.
        // Day 3: A and B tie; by name A then B: low {A, B} 0.015, high {C, D} 0.04.
        Assert.Equal([0.01, -0.02, 0.025], result.Daily.Select(d => d.LongShort), new Tolerance(1e-15));
        Assert.Equal([(0.02 + 0.035 + 0.015) / 3, (0.03 + 0.015 + 0.04) / 3], result.MeanReturns, new Tolerance(1e-15));
        Assert.Equal(0.005, result.LongShort.Mean, 1e-15);
        Assert.Equal([0.01, -0.01, 0.015], result.CumulativeLongShort(), new Tolerance(1e-15));
    }

    [Fact]
    public void Newey_west_mean_test_with_lags_weights_autocovariances_by_bartlett()
    {
        double[] x = [1, 3, 2, 5, 4, 6, 5, 8];
        var mean = x.Average();
        double Gamma(int l) => Enumerable.Range(l, x.Length - l).Sum(t => (x[t] - mean) * (x[t - l] - mean)) / x.Length;
        var s = Gamma(0) + (2 * (1 - (1 / 3.0)) * Gamma(1)) + (2 * (1 - (2 / 3.0)) * Gamma(2));

        var test = MeanTest.Of(x, hacLags: 2);

        Assert.Equal(Math.Sqrt(s / x.Length * x.Length / (x.Length - 1)), test.HacStandardError, 1e-14);
        Assert.Throws<ResearchException>(() => MeanTest.Of(x, hacLags: 3)); // floor(8/4) = 2
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
