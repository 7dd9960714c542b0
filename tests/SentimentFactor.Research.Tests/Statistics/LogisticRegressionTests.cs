using SentimentFactor.Research.Statistics;

namespace SentimentFactor.Research.Tests.Statistics;

public sealed class LogisticRegressionTests
{
    /// <summary>
    /// Hand-checked: with one binary regressor the MLE is closed form. x = 0: 3 up, 1 down; x = 1: 2 up, 4 down.
    /// Intercept = logit(3/4) = ln 3; slope = logit(2/6) - logit(3/4) = ln(1/2) - ln 3 = -ln 6.
    /// SE(intercept) = sqrt(1/3 + 1/1); SE(slope) = sqrt(1/3 + 1/1 + 1/2 + 1/4) (Woolf's log odds ratio).
    /// </summary>
    [Fact]
    public void Binary_regressor_example_matches_the_closed_form_by_hand()
    {
        double[] x = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
        bool[] y = [true, true, true, false, true, true, false, false, false, false];
        var fit = LogisticRegression.Fit("up", y, [new Regressor("x", x)]);

        Assert.Equal(LogisticStatus.Converged, fit.Status);
        const double tolerance = 1e-9;
        Assert.Equal(Math.Log(3.0), fit["const"].Estimate, tolerance);
        Assert.Equal(-Math.Log(6.0), fit["x"].Estimate, tolerance);
        Assert.Equal(Math.Sqrt((1.0 / 3.0) + 1.0), fit["const"].StandardError, tolerance);
        Assert.Equal(Math.Sqrt((1.0 / 3.0) + 1.0 + 0.5 + 0.25), fit["x"].StandardError, tolerance);
        // Log-likelihood at the MLE: 3 ln(3/4) + ln(1/4) + 2 ln(1/3) + 4 ln(2/3); null: 5 ln(1/2) * 2.
        var logLikelihood = (3 * Math.Log(0.75)) + Math.Log(0.25) + (2 * Math.Log(1.0 / 3.0)) + (4 * Math.Log(2.0 / 3.0));
        Assert.Equal(logLikelihood, fit.LogLikelihood, tolerance);
        Assert.Equal(10 * Math.Log(0.5), fit.NullLogLikelihood, tolerance);
        Assert.Equal(2 * (logLikelihood - (10 * Math.Log(0.5))), fit.LikelihoodRatio!.Value, tolerance);
        Assert.Equal(0.75, LogisticRegression.Predict(fit, [0.0]), tolerance);
        Assert.Equal(1.0 / 3.0, LogisticRegression.Predict(fit, [1.0]), tolerance);
    }

    [Fact]
    public void Score_is_zero_at_a_continuous_fit()
    {
        var random = new Random(11);
        var x = Synthetic.Normal(random, 300);
        var y = x.Select(v => random.NextDouble() < 1.0 / (1.0 + Math.Exp(-(0.3 + (0.8 * v))))).ToArray();
        var fit = LogisticRegression.Fit("up", y, [new Regressor("x", x)]);
        Assert.Equal(LogisticStatus.Converged, fit.Status);
        // First-order conditions of the MLE: sum (y - p) = 0 and sum (y - p) x = 0.
        var residuals = x.Select((v, i) => (y[i] ? 1.0 : 0.0) - LogisticRegression.Predict(fit, [v])).ToArray();
        Assert.Equal(0.0, residuals.Sum(), 1e-8);
        Assert.Equal(0.0, residuals.Select((r, i) => r * x[i]).Sum(), 1e-8);
        Assert.InRange(fit["x"].Estimate, 0.5, 1.1);
    }

    [Fact]
    public void Complete_separation_is_reported_not_diverging()
    {
        var x = Enumerable.Range(1, 10).Select(i => (double)i).ToArray();
        var y = x.Select(v => v > 5).ToArray();
        var fit = LogisticRegression.Fit("up", y, [new Regressor("bullishness", x)]);
        Assert.Equal(LogisticStatus.Separation, fit.Status);
        Assert.Empty(fit.Coefficients);
        Assert.StartsWith("Separation: the regressors predict 'up' perfectly", fit.Message);
        Assert.True(fit.Iterations < LogisticRegression.MaxIterations);
    }

    [Fact]
    public void Quasi_complete_separation_is_reported()
    {
        double[] x = [0, 0, 0, 1, 1, 1, 1, 2, 2, 2];
        bool[] y = [false, false, false, true, false, true, false, true, true, true];
        var fit = LogisticRegression.Fit("up", y, [new Regressor("x", x)]);
        Assert.Equal(LogisticStatus.Separation, fit.Status);
        Assert.Empty(fit.Coefficients);
    }

    [Fact]
    public void Outcome_that_never_changes_is_reported_as_separation()
    {
        var fit = LogisticRegression.Fit("up", [true, true, true, true, true], [new Regressor("x", [1, 2, 3, 4, 6])]);
        Assert.Equal(LogisticStatus.Separation, fit.Status);
        Assert.Contains("always true", fit.Message);
    }
}
