namespace SentimentFactor.Research.CrossSection;

/// <summary>Spearman's rank correlation: Pearson's correlation of the ranks, ties given their average rank.</summary>
public static class RankCorrelation
{
    /// <summary>Ranks 1..n of <paramref name="values"/>, ties sharing the mean of the ranks they span.</summary>
    public static double[] AverageRanks(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }

            var rank = ((start + end) / 2.0) + 1.0;
            for (var i = start; i <= end; i++)
            {
                ranks[order[i]] = rank;
            }

            start = end + 1;
        }

        return ranks;
    }

    /// <summary>Spearman's rho of x and y; null when either is constant (no ranking) or n &lt; 2.</summary>
    public static double? Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
        {
            throw new ArgumentException("x and y must have the same length.", nameof(y));
        }

        return x.Count < 2 ? null : Pearson(AverageRanks(x), AverageRanks(y));
    }

    /// <summary>Pearson's correlation; null when either series is constant.</summary>
    public static double? Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : null;
    }
}
