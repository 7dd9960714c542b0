using SentimentFactor.Core.Calendar;
using SentimentFactor.Core.Returns;
using SentimentFactor.Research.Factors;
using SentimentFactor.Storage.Research;

namespace SentimentFactor.Research.CrossSection;

/// <summary>
/// Each symbol's factor on its own grid of trading days with its own returns (<see cref="DailyReturns"/>, the one
/// definition): the observations of any horizon h pair factor(t) with the symbol's r(t + h), h sessions later.
/// </summary>
public sealed class CrossSectionPanel
{
    private readonly Dictionary<string, (DailyReturns Returns, Dictionary<DateOnly, (double Factor, int Posts)> Factors)> _symbols;

    private CrossSectionPanel(
        Dictionary<string, (DailyReturns Returns, Dictionary<DateOnly, (double Factor, int Posts)> Factors)> symbols,
        int withPosts, int dropped)
    {
        _symbols = symbols;
        SymbolDaysWithPosts = withPosts;
        DroppedByMinPosts = dropped;
    }

    /// <summary>Symbols with bars and sentiment, in name order.</summary>
    public IReadOnlyList<string> Symbols => [.. _symbols.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Symbol-days in range with at least one post.</summary>
    public int SymbolDaysWithPosts { get; }

    /// <summary>Of those, the ones below the minimum posts.</summary>
    public int DroppedByMinPosts { get; }

    /// <summary>Symbol-days with a factor value (in range, at least the minimum posts).</summary>
    public int SymbolDaysWithFactor => _symbols.Values.Sum(s => s.Factors.Count);

    /// <summary>Builds the panel of <paramref name="spec"/> from the rows the store read.</summary>
    public static CrossSectionPanel Build(CrossSectionSpec spec, IReadOnlyList<PanelSentimentRow> sentiment, IReadOnlyList<PanelBarRow> bars)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(sentiment);
        ArgumentNullException.ThrowIfNull(bars);
        var kind = spec.FactorKind;
        var returns = bars.GroupBy(b => b.Symbol, StringComparer.Ordinal).ToDictionary(
            g => g.Key, g => DailyReturns.Compute(g.Select(b => (b.Day, b.Close, b.AdjClose)), NasdaqCalendar.Instance), StringComparer.Ordinal);
        var symbols = new Dictionary<string, (DailyReturns, Dictionary<DateOnly, (double, int)>)>(StringComparer.Ordinal);
        int withPosts = 0, dropped = 0;
        foreach (var group in sentiment.GroupBy(s => s.Symbol, StringComparer.Ordinal))
        {
            if (!returns.TryGetValue(group.Key, out var series) || (spec.Symbols.Count > 0 && !spec.Symbols.Contains(group.Key)))
            {
                continue;
            }

            var factors = new Dictionary<DateOnly, (double, int)>();
            foreach (var row in group)
            {
                if ((spec.From is { } from && row.Day < from) || (spec.To is { } to && row.Day > to) || row.NTotal <= 0)
                {
                    continue;
                }

                withPosts++;
                if (row.NTotal < spec.MinPostsPerDay)
                {
                    dropped++;
                    continue;
                }

                if (Factor.Value(kind, row.NPos, row.NNeg, row.NTotal, row.Bullishness) is { } value && double.IsFinite(value))
                {
                    factors[row.Day] = (value, row.NTotal);
                }
            }

            symbols[group.Key] = (series, factors);
        }

        return new CrossSectionPanel(symbols, withPosts, dropped);
    }

    /// <summary>Every symbol-day with a factor of day t and the symbol's return of the trading day h sessions later.</summary>
    public IReadOnlyList<PanelObservation> Observations(int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 0);
        var result = new List<PanelObservation>();
        foreach (var symbol in Symbols)
        {
            var (returns, factors) = _symbols[symbol];
            foreach (var (day, (factor, _)) in factors.OrderBy(f => f.Key))
            {
                var i = returns.IndexOf(day);
                if (i >= 0 && i + horizon < returns.Count && returns.Returns[i + horizon] is { } r)
                {
                    result.Add(new PanelObservation(symbol, day, factor, r));
                }
            }
        }

        return result;
    }

    /// <summary>Posts of the observed symbol-days (for coverage).</summary>
    public IReadOnlyList<int> Posts(IEnumerable<PanelObservation> observations) =>
        observations.Select(o => _symbols[o.Symbol].Factors[o.Day].Posts).ToList();
}
