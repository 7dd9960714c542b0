namespace SentimentFactor.Research.CrossSection;

/// <summary>
/// Fama–MacBeth: each day t, OLS of r(t+h) on factor(t) across symbols; the estimate is the mean of the T daily
/// slopes, its standard error sd(slopes)/√T (ddof = 1), and, because the slopes are autocorrelated when h &gt; 1 or
/// the factor persists, also Newey–West's on the slope series.
/// </summary>
public static class FamaMacBeth
{
    /// <summary>Fits the days that have at least <paramref name="minSymbols"/> (and 3) symbols and a non-constant factor.</summary>
    public static FamaMacBethResult Fit(IEnumerable<(int Period, double X, double Y)> rows, int minSymbols, int? hacLags = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var intercepts = new List<double>();
        var slopes = new List<double>();
        foreach (var period in rows.GroupBy(r => r.Period).OrderBy(g => g.Key))
        {
            var p = period.ToList();
            if (p.Count < Math.Max(3, minSymbols))
            {
                continue;
            }

            var mx = p.Average(r => r.X);
            var my = p.Average(r => r.Y);
            var sxx = p.Sum(r => (r.X - mx) * (r.X - mx));
            if (sxx <= 1e-300)
            {
                continue;
            }

            var slope = p.Sum(r => (r.X - mx) * (r.Y - my)) / sxx;
            slopes.Add(slope);
            intercepts.Add(my - (slope * mx));
        }

        if (slopes.Count < 2)
        {
            throw ResearchException.TooFewObservations("Fama-MacBeth", slopes.Count, 2,
                "Each day needs at least 3 symbols with a factor and a return: add symbols or lower --min-posts.");
        }

        return new FamaMacBethResult(slopes.Count, MeanTest.Of(intercepts, hacLags), MeanTest.Of(slopes, hacLags));
    }

    /// <summary>Fits the panel by day.</summary>
    public static FamaMacBethResult Fit(IReadOnlyList<PanelObservation> observations, int minSymbols, int? hacLags = null)
    {
        ArgumentNullException.ThrowIfNull(observations);
        return Fit(observations.Select(o => (o.Day.DayNumber, o.Factor, o.Return)), minSymbols, hacLags);
    }
}
