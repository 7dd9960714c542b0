namespace SentimentFactor.Research.CrossSection;

/// <summary>The daily cross-sectional rank IC of a factor (Grinold &amp; Kahn's information coefficient).</summary>
public static class InformationCoefficient
{
    /// <summary>
    /// Spearman's rho of factor(t) and r(t+h) across the symbols of each day t with at least
    /// <paramref name="minSymbols"/> of them; a day where either side is constant has no IC.
    /// </summary>
    public static IReadOnlyList<DailyIc> Daily(IEnumerable<PanelObservation> observations, int minSymbols)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var result = new List<DailyIc>();
        foreach (var day in observations.GroupBy(o => o.Day).OrderBy(g => g.Key))
        {
            var rows = day.ToList();
            if (rows.Count < Math.Max(minSymbols, 2))
            {
                continue;
            }

            if (RankCorrelation.Spearman(rows.Select(r => r.Factor).ToArray(), rows.Select(r => r.Return).ToArray()) is { } ic)
            {
                result.Add(new DailyIc(day.Key, rows.Count, ic));
            }
        }

        return result;
    }

    /// <summary>Mean IC, hit rate and t-statistics of a daily IC series (at least 2 days).</summary>
    public static IcSummary Summarize(int horizon, IReadOnlyList<DailyIc> daily, int? hacLags = null)
    {
        ArgumentNullException.ThrowIfNull(daily);
        var values = daily.Select(d => d.Ic).ToArray();
        var test = MeanTest.Of(values, hacLags);
        return new IcSummary(horizon, values.Length, test.Mean, values.Count(v => v > 0) / (double)values.Length, test);
    }
}
