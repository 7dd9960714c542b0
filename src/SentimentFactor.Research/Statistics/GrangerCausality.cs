using System.Globalization;

namespace SentimentFactor.Research.Statistics;

/// <summary>
/// Granger (1969) causality by the F-test of nested OLS fits:
/// restricted  y_t = a + Σ_{i=1..p} c_i y_{t-i} + e_t,
/// unrestricted y_t = a + Σ c_i y_{t-i} + Σ_{i=1..p} d_i x_{t-i} + e_t, H0: all d_i = 0.
/// Both fits use the same rows: those where y_t and every lag are present (a missing day breaks the lags around
/// it rather than silently joining non-adjacent days).
/// </summary>
public static class GrangerCausality
{
    /// <summary>Tests whether <paramref name="cause"/> Granger-causes <paramref name="effect"/> with <paramref name="lags"/> lags.</summary>
    /// <param name="causeName">Name of x.</param>
    /// <param name="cause">x on a daily grid, null where missing.</param>
    /// <param name="effectName">Name of y.</param>
    /// <param name="effect">y on the same grid, null where missing.</param>
    /// <param name="lags">p, 1 or more.</param>
    /// <exception cref="ResearchException">Too few complete rows, or a degenerate design.</exception>
    public static GrangerResult Test(string causeName, IReadOnlyList<double?> cause, string effectName, IReadOnlyList<double?> effect, int lags)
    {
        ArgumentNullException.ThrowIfNull(cause);
        ArgumentNullException.ThrowIfNull(effect);
        ArgumentOutOfRangeException.ThrowIfLessThan(lags, 1);
        if (cause.Count != effect.Count)
        {
            throw new ArgumentException("The cause and effect series must share one grid.", nameof(cause));
        }

        var rows = new List<int>();
        for (var t = lags; t < effect.Count; t++)
        {
            if (effect[t] is null)
            {
                continue;
            }

            var complete = true;
            for (var i = 1; i <= lags && complete; i++)
            {
                complete = effect[t - i] is not null && cause[t - i] is not null;
            }

            if (complete)
            {
                rows.Add(t);
            }
        }

        var n = rows.Count;
        var parameters = (2 * lags) + 1;
        // A handful of residual degrees of freedom beyond the parameters, or the F-test has no power to speak of.
        var required = parameters + 10;
        if (n < required)
        {
            throw ResearchException.TooFewObservations(
                string.Create(CultureInfo.InvariantCulture, $"a Granger test of {causeName} -> {effectName} with {lags} lag(s)"),
                n, required, "Widen the date range or lower Research:MinPostsPerDay (days below it break the lags).");
        }

        var y = rows.Select(t => effect[t]!.Value).ToArray();
        var restricted = new List<Regressor>();
        var unrestricted = new List<Regressor>();
        for (var i = 1; i <= lags; i++)
        {
            var lag = i;
            var yLag = new Regressor(string.Create(CultureInfo.InvariantCulture, $"{effectName}[t-{lag}]"), rows.Select(t => effect[t - lag]!.Value).ToArray());
            restricted.Add(yLag);
            unrestricted.Add(yLag);
        }

        for (var i = 1; i <= lags; i++)
        {
            var lag = i;
            unrestricted.Add(new Regressor(string.Create(CultureInfo.InvariantCulture, $"{causeName}[t-{lag}]"), rows.Select(t => cause[t - lag]!.Value).ToArray()));
        }

        var restrictedSsr = OrdinaryLeastSquares.SumSquaredResiduals(effectName, y, restricted);
        var unrestrictedSsr = OrdinaryLeastSquares.SumSquaredResiduals(effectName, y, unrestricted);
        var df2 = n - parameters;
        var f = Math.Max(0.0, restrictedSsr - unrestrictedSsr) / lags / (unrestrictedSsr / df2);
        return new GrangerResult(causeName, effectName, lags, n, f, Tail.FisherF(f, lags, df2), df2);
    }
}
