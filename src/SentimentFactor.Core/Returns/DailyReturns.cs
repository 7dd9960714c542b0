using SentimentFactor.Core.Calendar;

namespace SentimentFactor.Core.Returns;

/// <summary>
/// The one definition of a day's return (docs/research.md, "A day's return"), which sf.bar_returns in SQL
/// implements too: on the grid of trading days from a symbol's first bar to its last, the return of day t is
/// ln(P_t / P_prev) where prev is the trading day before t in the calendar. It is null when either bar is missing,
/// so a missing bar never turns into a two-session return. Bars dated on a day the market was closed (or outside
/// the calendar) are not sessions and are ignored. P is adj_close when every session bar has a positive one,
/// else close for the whole series: never a mix, which would put the adjustment's jump into one day's return.
/// </summary>
public sealed class DailyReturns
{
    /// <summary>The price column name when every bar has an adjusted close.</summary>
    public const string AdjustedClose = "adj_close";

    /// <summary>The price column name otherwise.</summary>
    public const string Close = "close";

    private readonly Dictionary<DateOnly, int> _index;

    private DailyReturns(DateOnly[] days, double?[] prices, double?[] returns, string priceField)
    {
        Days = days;
        Prices = prices;
        Returns = returns;
        PriceField = priceField;
        _index = new Dictionary<DateOnly, int>(days.Length);
        for (var i = 0; i < days.Length; i++)
        {
            _index[days[i]] = i;
        }
    }

    /// <summary>Every trading day from the first session bar to the last (index i = day t).</summary>
    public IReadOnlyList<DateOnly> Days { get; }

    /// <summary>Price of day t in <see cref="PriceField"/>; null when the day has no bar.</summary>
    public IReadOnlyList<double?> Prices { get; }

    /// <summary>ln(P_t / P_{t-1}) over consecutive trading days; null when either bar is missing or not positive.</summary>
    public IReadOnlyList<double?> Returns { get; }

    /// <summary><see cref="AdjustedClose"/> or <see cref="Close"/>: the one column the whole series uses.</summary>
    public string PriceField { get; }

    /// <summary>Number of trading days on the grid.</summary>
    public int Count => Days.Count;

    /// <summary>Index of <paramref name="day"/> on the grid, or -1 when it is not a trading day of the grid.</summary>
    public int IndexOf(DateOnly day) => _index.TryGetValue(day, out var i) ? i : -1;

    /// <summary>The return of <paramref name="day"/>, or null (no bar, no previous session's bar, or off the grid).</summary>
    public double? ReturnOn(DateOnly day) => IndexOf(day) is >= 0 and var i ? Returns[i] : null;

    /// <summary>Builds the series of one symbol's bars (any order; one bar per day).</summary>
    /// <param name="bars">
    /// The symbol's bars as sf.market_bars holds them (<see cref="Records.MarketBar"/>): the session's date (New York),
    /// the close, and the split- and dividend-adjusted close (null when the source gave none).
    /// </param>
    /// <param name="calendar">The trading calendar that says which days are sessions and which session precedes which.</param>
    public static DailyReturns Compute(IEnumerable<(DateOnly Day, double Close, double? AdjClose)> bars, NasdaqCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(bars);
        ArgumentNullException.ThrowIfNull(calendar);
        var sessions = bars
            .Where(b => NasdaqCalendar.Covers(b.Day) && calendar.IsTradingDay(b.Day))
            .OrderBy(b => b.Day)
            .ToList();
        if (sessions.Count == 0)
        {
            return new DailyReturns([], [], [], Close);
        }

        var adjusted = sessions.All(b => b.AdjClose is > 0);
        var days = calendar.TradingDays(sessions[0].Day, sessions[^1].Day).ToArray();
        var position = new Dictionary<DateOnly, int>(days.Length);
        for (var i = 0; i < days.Length; i++)
        {
            position[days[i]] = i;
        }

        var prices = new double?[days.Length];
        foreach (var bar in sessions)
        {
            prices[position[bar.Day]] = adjusted ? bar.AdjClose!.Value : bar.Close;
        }

        var returns = new double?[days.Length];
        for (var i = 1; i < days.Length; i++)
        {
            // Consecutive grid days are consecutive sessions of the calendar: adjacency comes from it alone.
            if (prices[i] is > 0 and var now && prices[i - 1] is > 0 and var before)
            {
                returns[i] = Math.Log(now / before);
            }
        }

        return new DailyReturns(days, prices, returns, adjusted ? AdjustedClose : Close);
    }
}
