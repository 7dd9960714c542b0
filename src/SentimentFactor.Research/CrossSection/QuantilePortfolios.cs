namespace SentimentFactor.Research.CrossSection;

/// <summary>
/// Each day, the symbols sorted by factor(t) and cut into Q groups of (nearly) equal size: symbol of rank k
/// (0-based, ties broken by symbol name so the cut is reproducible) goes to group floor(k Q / n). Each group's
/// equal-weighted mean of r(t+h) is its return; the long–short spread is the top group minus the bottom one.
/// </summary>
public static class QuantilePortfolios
{
    /// <summary>Builds the portfolios of the days with at least <paramref name="quantiles"/> symbols.</summary>
    public static QuantileResult Build(IEnumerable<PanelObservation> observations, int quantiles, int? hacLags = null)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentOutOfRangeException.ThrowIfLessThan(quantiles, 2);
        var days = new List<QuantileDay>();
        foreach (var day in observations.GroupBy(o => o.Day).OrderBy(g => g.Key))
        {
            var sorted = day.OrderBy(o => o.Factor).ThenBy(o => o.Symbol, StringComparer.Ordinal).ToList();
            if (sorted.Count < quantiles)
            {
                continue;
            }

            var sums = new double[quantiles];
            var counts = new int[quantiles];
            for (var k = 0; k < sorted.Count; k++)
            {
                var group = k * quantiles / sorted.Count;
                sums[group] += sorted[k].Return;
                counts[group]++;
            }

            var returns = sums.Select((s, g) => s / counts[g]).ToArray();
            days.Add(new QuantileDay(day.Key, returns, returns[^1] - returns[0]));
        }

        if (days.Count < 2)
        {
            throw ResearchException.TooFewObservations(
                $"quantile portfolios ({quantiles} groups)", days.Count, 2,
                "Each day needs at least as many symbols with a factor and a return as there are groups: add symbols, lower --quantiles or --min-posts.");
        }

        var means = Enumerable.Range(0, quantiles).Select(g => days.Average(d => d.Returns[g])).ToArray();
        return new QuantileResult(quantiles, days.Count, means, MeanTest.Of(days.Select(d => d.LongShort).ToArray(), hacLags), days);
    }
}
