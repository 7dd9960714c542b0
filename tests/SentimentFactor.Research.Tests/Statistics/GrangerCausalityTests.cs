using SentimentFactor.Research.Statistics;

namespace SentimentFactor.Research.Tests.Statistics;

public sealed class GrangerCausalityTests
{
    private static double?[] Grid(double[] values) => values.Select(v => (double?)v).ToArray();

    [Fact]
    public void Planted_lag_2_effect_is_found_in_that_direction_only()
    {
        var random = new Random(42);
        var x = Synthetic.Normal(random, 300);
        var e = Synthetic.Normal(random, 300);
        var y = e.Select((v, t) => (t >= 2 ? 0.4 * x[t - 2] : 0.0) + v).ToArray();

        var lag1 = GrangerCausality.Test("x", Grid(x), "y", Grid(y), 1);
        var lag2 = GrangerCausality.Test("x", Grid(x), "y", Grid(y), 2);
        var reverse = GrangerCausality.Test("y", Grid(y), "x", Grid(x), 2);

        Assert.True(lag2.PValue < 1e-6, $"x -> y at 2 lags: p = {lag2.PValue:E2}");
        Assert.True(lag1.PValue > 0.01, $"x -> y at 1 lag should miss a lag-2 effect: p = {lag1.PValue:E2}");
        Assert.True(reverse.PValue > 0.01, $"y -> x: p = {reverse.PValue:E2}");
        Assert.Equal(298, lag2.Observations);
        Assert.Equal(298 - 5, lag2.DenominatorDegreesOfFreedom);
    }

    [Fact]
    public void Independent_series_reject_at_about_the_5_percent_rate_over_seeds()
    {
        const int seeds = 400;
        var rejections = new int[6];
        for (var seed = 0; seed < seeds; seed++)
        {
            var random = new Random(10_000 + seed);
            var x = Grid(Synthetic.Ar1(random, 120, 0.3));
            var y = Grid(Synthetic.Normal(random, 120));
            foreach (var lags in new[] { 1, 2, 5 })
            {
                rejections[lags] += GrangerCausality.Test("x", x, "y", y, lags).PValue < 0.05 ? 1 : 0;
            }
        }

        // Binomial(400, 0.05): mean 20, sd 4.4; accept 8..34 (about +-3 sd).
        foreach (var lags in new[] { 1, 2, 5 })
        {
            Assert.InRange(rejections[lags], 8, 34);
        }
    }

    [Fact]
    public void Missing_days_break_the_lags_instead_of_joining_distant_days()
    {
        var random = new Random(5);
        var x = Grid(Synthetic.Normal(random, 100));
        var y = Grid(Synthetic.Normal(random, 100));
        y[50] = null;
        x[60] = null;
        var result = GrangerCausality.Test("x", x, "y", y, 2);
        // Rows 2..99 (98) minus t = 50, 51, 52 (y missing at t or a lag) and t = 61, 62 (x lag missing).
        Assert.Equal(98 - 3 - 2, result.Observations);
    }

    [Fact]
    public void Too_short_series_is_a_clear_error()
    {
        var error = Assert.Throws<ResearchException>(() =>
            GrangerCausality.Test("bullishness", Grid([1, 2, 3, 4, 5, 6, 7, 8]), "r", Grid([1, 3, 2, 5, 4, 6, 8, 7]), 5));
        Assert.StartsWith("Too few observations for a Granger test of bullishness -> r with 5 lag(s): 3, at least 21 are needed.", error.Message);
    }
}
