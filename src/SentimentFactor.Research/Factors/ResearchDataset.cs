using System.Globalization;
using SentimentFactor.Research.Statistics;
using SentimentFactor.Storage.Research;

namespace SentimentFactor.Research.Factors;

/// <summary>
/// The benchmark's trading days as a grid (index i = day t), with log returns and factor values on it.
/// Return of day t = ln(P_t / P_{t-1}) over consecutive bars (P = adj_close when every bar has one, else close),
/// missing when the bars are more than <see cref="MaxGapDays"/> calendar days apart (a hole in the data, not a
/// holiday). The factor of day t is missing when the day has fewer than the minimum posts.
/// </summary>
internal sealed class ResearchDataset
{
    /// <summary>The longest calendar gap between consecutive bars still read as one trading day's return.</summary>
    public const int MaxGapDays = 7;

    private readonly Dictionary<FactorKind, double?[]> _factors;

    private ResearchDataset(
        DateOnly[] days, double[] prices, string priceField, double?[] returns, Dictionary<FactorKind, double?[]> factors,
        int?[] positives, int?[] totals, bool[] inRange)
    {
        Days = days;
        Prices = prices;
        PriceField = priceField;
        Returns = returns;
        _factors = factors;
        Positives = positives;
        Totals = totals;
        InRange = inRange;
    }

    public DateOnly[] Days { get; }

    public double[] Prices { get; }

    /// <summary>"adj_close" or "close".</summary>
    public string PriceField { get; }

    /// <summary>Log return of day t (close t-1 to close t); null for the first bar and after holes.</summary>
    public double?[] Returns { get; }

    public int?[] Positives { get; }

    /// <summary>n_total of the day, null when there is no sentiment row or fewer posts than the minimum.</summary>
    public int?[] Totals { get; }

    /// <summary>Whether day t lies in the spec's [From, To].</summary>
    public bool[] InRange { get; }

    public int Count => Days.Length;

    public static ResearchDataset Build(IReadOnlyList<FactorSeriesRow> rows, RegressionSpec spec)
    {
        var ordered = rows.OrderBy(r => r.Day).ToList();
        var n = ordered.Count;
        var useAdjusted = n > 0 && ordered.All(r => r.AdjClose is > 0);
        var days = ordered.Select(r => r.Day).ToArray();
        var prices = ordered.Select(r => useAdjusted ? r.AdjClose!.Value : r.Close).ToArray();
        var returns = new double?[n];
        for (var i = 1; i < n; i++)
        {
            var gap = days[i].DayNumber - days[i - 1].DayNumber;
            if (gap <= MaxGapDays && prices[i] > 0 && prices[i - 1] > 0)
            {
                returns[i] = Math.Log(prices[i] / prices[i - 1]);
            }
        }

        var kinds = spec.FactorKinds;
        var factors = kinds.ToDictionary(k => k, _ => new double?[n]);
        var positives = new int?[n];
        var totals = new int?[n];
        var inRange = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var row = ordered[i];
            inRange[i] = (spec.From is null || row.Day >= spec.From) && (spec.To is null || row.Day <= spec.To);
            if (row.NTotal is not { } total || total < spec.MinPostsPerDay)
            {
                continue;
            }

            positives[i] = row.NPos;
            totals[i] = total;
            foreach (var kind in kinds)
            {
                factors[kind][i] = Factor.Value(kind, row.NPos ?? 0, row.NNeg ?? 0, total, row.Bullishness);
            }
        }

        return new ResearchDataset(days, prices, useAdjusted ? "adj_close" : "close", returns, factors, positives, totals, inRange);
    }

    public double?[] FactorSeries(FactorKind kind) => _factors[kind];

    /// <summary>Name of the outcome for horizon h: r[t], r[t+1], r[t+h].</summary>
    public static string OutcomeName(int horizon) =>
        horizon == 0 ? "r[t]" : string.Create(CultureInfo.InvariantCulture, $"r[t+{horizon}]");

    /// <summary>
    /// Names of the lagged-return controls: the most recent returns known at the close of day t that are not the
    /// outcome (r[t], r[t-1], .. for h >= 1; r[t-1], r[t-2], .. for h = 0).
    /// </summary>
    public static IReadOnlyList<string> ControlNames(int horizon, int lags) =>
        Enumerable.Range(0, lags).Select(j => ControlOffset(horizon, j) switch
        {
            0 => "r[t]",
            var o => string.Create(CultureInfo.InvariantCulture, $"r[t-{o}]"),
        }).ToList();

    /// <summary>
    /// Observations of the spec: factor day t in range, every factor of t present, the outcome r[t+h] and the
    /// controls present. Features are the factors then the controls.
    /// </summary>
    public IReadOnlyList<Observation> Observations(IReadOnlyList<FactorKind> kinds, int horizon, int lags)
    {
        var result = new List<Observation>();
        for (var i = 0; i < Count; i++)
        {
            var outcome = i + horizon;
            if (!InRange[i] || outcome >= Count || Returns[outcome] is not { } y)
            {
                continue;
            }

            var features = new double[kinds.Count + lags];
            var complete = true;
            for (var f = 0; f < kinds.Count && complete; f++)
            {
                complete = _factors[kinds[f]][i] is not null;
                features[f] = _factors[kinds[f]][i] ?? 0.0;
            }

            for (var j = 0; j < lags && complete; j++)
            {
                var index = i - ControlOffset(horizon, j);
                complete = index >= 0 && Returns[index] is not null;
                features[kinds.Count + j] = complete ? Returns[index]!.Value : 0.0;
            }

            if (complete)
            {
                result.Add(new Observation(i, outcome, features, y));
            }
        }

        return result;
    }

    /// <summary>Direction rows for out-of-sample prediction of r[t+1] (features known at the close of t).</summary>
    public IReadOnlyList<DirectionObservation> DirectionObservations(IReadOnlyList<FactorKind> kinds, int lags) =>
        Observations(kinds, 1, lags)
            .Select(o => new DirectionObservation(o.InformationIndex, o.OutcomeIndex, Days[o.OutcomeIndex], o.Features, o.Outcome > 0))
            .ToList();

    /// <summary>Only the values on days in range (null elsewhere), for the lag-based tests.</summary>
    public double?[] RestrictToRange(double?[] series) => series.Select((v, i) => InRange[i] ? v : null).ToArray();

    private static int ControlOffset(int horizon, int j) => (horizon == 0 ? 1 : 0) + j;

    /// <summary>One regression row.</summary>
    /// <param name="InformationIndex">Index of the factor day t.</param>
    /// <param name="OutcomeIndex">Index of the outcome day t + h.</param>
    /// <param name="Features">Factors of t, then the lagged returns.</param>
    /// <param name="Outcome">Log return of day t + h.</param>
    internal sealed record Observation(int InformationIndex, int OutcomeIndex, double[] Features, double Outcome);
}
