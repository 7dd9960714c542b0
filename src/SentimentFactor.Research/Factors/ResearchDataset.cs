using System.Globalization;
using SentimentFactor.Core.Calendar;
using SentimentFactor.Core.Returns;
using SentimentFactor.Research.Statistics;
using SentimentFactor.Storage.Research;

namespace SentimentFactor.Research.Factors;

/// <summary>
/// The trading days from the benchmark's first bar to its last as a grid (index i = day t), with log returns and
/// factor values on it. Returns are <see cref="DailyReturns"/>: the one definition sf.bar_returns shares (adjacency
/// from the trading calendar, null next to a missing bar, one price column). The factor of day t is missing when
/// the day has fewer than the minimum posts.
/// </summary>
internal sealed class ResearchDataset
{
    private readonly Dictionary<FactorKind, double?[]> _factors;

    private ResearchDataset(
        DateOnly[] days, double?[] prices, string priceField, double?[] returns, Dictionary<FactorKind, double?[]> factors,
        int?[] positives, int?[] negatives, int?[] totals, bool[] inRange)
    {
        Days = days;
        Prices = prices;
        PriceField = priceField;
        Returns = returns;
        _factors = factors;
        Positives = positives;
        Negatives = negatives;
        Totals = totals;
        InRange = inRange;
    }

    public DateOnly[] Days { get; }

    /// <summary>Price of day t; null when the benchmark has no bar that day.</summary>
    public double?[] Prices { get; }

    /// <summary>"adj_close" or "close".</summary>
    public string PriceField { get; }

    /// <summary>Log return of day t (close t-1 to close t); null for the first day and next to a missing bar.</summary>
    public double?[] Returns { get; }

    public int?[] Positives { get; }

    public int?[] Negatives { get; }

    /// <summary>n_total of the day, null when there is no sentiment row or fewer posts than the minimum.</summary>
    public int?[] Totals { get; }

    /// <summary>Whether day t lies in the spec's [From, To].</summary>
    public bool[] InRange { get; }

    public int Count => Days.Length;

    public static ResearchDataset Build(IReadOnlyList<FactorSeriesRow> rows, RegressionSpec spec)
    {
        var series = DailyReturns.Compute(rows.Select(r => (r.Day, r.Close, r.AdjClose)), NasdaqCalendar.Instance);
        var n = series.Count;
        var days = series.Days.ToArray();
        var prices = series.Prices.ToArray();
        var returns = series.Returns.ToArray();
        var byDay = new FactorSeriesRow?[n];
        foreach (var row in rows)
        {
            if (series.IndexOf(row.Day) is >= 0 and var i)
            {
                byDay[i] = row;
            }
        }

        var kinds = spec.FactorKinds;
        var factors = kinds.ToDictionary(k => k, _ => new double?[n]);
        var positives = new int?[n];
        var negatives = new int?[n];
        var totals = new int?[n];
        var inRange = new bool[n];
        for (var i = 0; i < n; i++)
        {
            inRange[i] = (spec.From is null || days[i] >= spec.From) && (spec.To is null || days[i] <= spec.To);
            if (byDay[i] is not { } row || row.NTotal is not { } total || total < spec.MinPostsPerDay)
            {
                continue;
            }

            positives[i] = row.NPos;
            negatives[i] = row.NNeg;
            totals[i] = total;
            foreach (var kind in kinds)
            {
                factors[kind][i] = Factor.Value(kind, row.NPos ?? 0, row.NNeg ?? 0, total, row.Bullishness);
            }
        }

        return new ResearchDataset(days, prices, series.PriceField, returns, factors, positives, negatives, totals, inRange);
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
