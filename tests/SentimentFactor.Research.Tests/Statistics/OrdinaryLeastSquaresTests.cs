using SentimentFactor.Research.Statistics;

namespace SentimentFactor.Research.Tests.Statistics;

public sealed class OrdinaryLeastSquaresTests
{
    [Fact]
    public void Planted_coefficient_lies_in_its_95_percent_interval_in_at_least_90_of_100_seeded_runs()
    {
        const double beta = 0.003;
        var classicalHits = 0;
        var hacHits = 0;
        for (var seed = 0; seed < 100; seed++)
        {
            var random = new Random(seed);
            var x = Synthetic.Normal(random, 250);
            var e = Synthetic.Normal(random, 250, sd: 0.01);
            var y = x.Select((v, i) => 0.0005 + (beta * v) + e[i]).ToArray();
            var fit = OrdinaryLeastSquares.Fit("r", y, [new Regressor("f", x)]);
            var row = fit["f"];
            classicalHits += row.CiLow <= beta && beta <= row.CiHigh ? 1 : 0;
            hacHits += row.HacCiLow <= beta && beta <= row.HacCiHigh ? 1 : 0;
        }

        Assert.True(classicalHits >= 90, $"classical CI covered the planted coefficient in {classicalHits} of 100 runs");
        Assert.True(hacHits >= 90, $"HAC CI covered the planted coefficient in {hacHits} of 100 runs");
    }

    [Fact]
    public void Hac_standard_error_is_close_to_classical_on_white_noise()
    {
        var ratios = new List<double>();
        for (var seed = 0; seed < 10; seed++)
        {
            var random = new Random(1000 + seed);
            var x = Synthetic.Normal(random, 1000);
            var e = Synthetic.Normal(random, 1000);
            var y = x.Select((v, i) => 1.0 + (0.5 * v) + e[i]).ToArray();
            var fit = OrdinaryLeastSquares.Fit("y", y, [new Regressor("x", x)]);
            Assert.Equal(6, fit.HacLags); // floor(4 (1000/100)^(2/9)) = floor(6.67)
            ratios.Add(fit["x"].HacStandardError / fit["x"].StandardError);
        }

        // Tolerance: each ratio within 15%, their mean within 5% of 1.
        Assert.All(ratios, r => Assert.InRange(r, 0.85, 1.15));
        Assert.InRange(ratios.Average(), 0.95, 1.05);
    }

    [Fact]
    public void Hac_standard_error_is_larger_than_classical_when_errors_and_regressor_are_autocorrelated()
    {
        var ratios = new List<double>();
        for (var seed = 0; seed < 10; seed++)
        {
            var random = new Random(2000 + seed);
            var x = Synthetic.Ar1(random, 1000, rho: 0.8);
            var e = Synthetic.Ar1(random, 1000, rho: 0.8);
            var y = x.Select((v, i) => 1.0 + (0.5 * v) + e[i]).ToArray();
            var fit = OrdinaryLeastSquares.Fit("y", y, [new Regressor("x", x)]);
            ratios.Add(fit["x"].HacStandardError / fit["x"].StandardError);
        }

        // The true ratio is sqrt((1 + 0.64) / (1 - 0.64)) = 2.13; Bartlett with 6 lags gets most of the way.
        Assert.All(ratios, r => Assert.True(r > 1.2, $"HAC/classical = {r:F3}"));
        Assert.True(ratios.Average() > 1.4, $"mean HAC/classical = {ratios.Average():F3}");
    }

    [Fact]
    public void Hac_lag_can_be_set_instead_of_the_automatic_rule()
    {
        var random = new Random(7);
        var x = Synthetic.Normal(random, 100);
        var y = x.Select(v => v + Synthetic.StandardNormal(random)).ToArray();
        Assert.Equal(4, OrdinaryLeastSquares.AutomaticHacLags(100));
        var automatic = OrdinaryLeastSquares.Fit("y", y, [new Regressor("x", x)]);
        var set = OrdinaryLeastSquares.Fit("y", y, [new Regressor("x", x)], hacLags: 12);
        Assert.Equal(4, automatic.HacLags);
        Assert.Equal(OrdinaryLeastSquares.AutomaticLagRule, automatic.HacLagRule);
        Assert.Equal(12, set.HacLags);
        Assert.Equal("set", set.HacLagRule);
    }

    [Fact]
    public void Constant_regressor_is_a_clear_error_not_a_nan_table()
    {
        var y = Enumerable.Range(0, 40).Select(i => Math.Sin(i)).ToArray();
        var constant = Enumerable.Repeat(0.25, 40).ToArray();
        var error = Assert.Throws<ResearchException>(() => OrdinaryLeastSquares.Fit("r", y, [new Regressor("share_pos", constant)]));
        Assert.Contains("'share_pos' is constant (0.25)", error.Message);
    }

    [Fact]
    public void Collinear_regressors_are_a_clear_error_naming_the_dependent_column()
    {
        var random = new Random(3);
        var pos = Enumerable.Range(0, 50).Select(_ => random.NextDouble() * 0.5).ToArray();
        var neg = Enumerable.Range(0, 50).Select(_ => random.NextDouble() * 0.5).ToArray();
        var net = pos.Select((p, i) => p - neg[i]).ToArray();
        var y = Synthetic.Normal(random, 50);
        var error = Assert.Throws<ResearchException>(() => OrdinaryLeastSquares.Fit(
            "r", y, [new Regressor("share_pos", pos), new Regressor("share_neg", neg), new Regressor("net", net)]));
        Assert.StartsWith("Singular design: regressor 'net' is a linear combination of 'share_pos', 'share_neg'.", error.Message);
    }

    [Fact]
    public void Too_few_observations_is_a_clear_error()
    {
        var error = Assert.Throws<ResearchException>(() =>
            OrdinaryLeastSquares.Fit("r", [0.1, 0.2, 0.4], [new Regressor("a", [1, 2, 4]), new Regressor("b", [3, 1, 2])]));
        Assert.StartsWith("Too few observations for an OLS fit of 'r' on 2 regressor(s) and an intercept: 3, at least 4 are needed.", error.Message);
    }

    [Fact]
    public void Constant_outcome_is_a_clear_error()
    {
        var error = Assert.Throws<ResearchException>(() =>
            OrdinaryLeastSquares.Fit("r", [0, 0, 0, 0, 0], [new Regressor("a", [1, 2, 4, 5, 7])]));
        Assert.Contains("outcome 'r' is constant", error.Message);
    }

    [Fact]
    public void Small_p_values_keep_their_digits()
    {
        // P(|T| > 10) with 100 df is about 1e-16: 1 - CDF would give 0 or noise.
        var p = Tail.StudentTTwoSided(10.0, 100);
        Assert.InRange(p, 1e-17, 1e-15);
        Assert.Equal(0.05, Tail.StudentTTwoSided(Tail.StudentTQuantile(0.05, 30), 30), 1e-12);
        Assert.Equal(56.0 / 1024.0, Tail.BinomialAtLeast(8, 10, 0.5), 1e-14);
    }
}
