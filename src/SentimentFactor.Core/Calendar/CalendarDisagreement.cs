namespace SentimentFactor.Core.Calendar;

/// <summary>A date on which the calendar and the benchmark's daily bars disagree.</summary>
/// <param name="Day">The New York date.</param>
/// <param name="CalendarSaysOpen">True when the calendar has a session that day.</param>
/// <param name="HasBar">True when the market data has a bar that day.</param>
/// <param name="ClosedFor">The calendar's reason when it says closed.</param>
public sealed record CalendarDisagreement(DateOnly Day, bool CalendarSaysOpen, bool HasBar, string? ClosedFor)
{
    /// <summary>
    /// Dates between <paramref name="from"/> and <paramref name="to"/> (inclusive, clipped to the calendar) where
    /// a trading day has no bar or a bar falls on a closed day.
    /// </summary>
    public static IReadOnlyList<CalendarDisagreement> Find(
        NasdaqCalendar calendar, IEnumerable<DateOnly> barDays, DateOnly from, DateOnly to)
    {
        var bars = barDays.ToHashSet();
        var start = from < NasdaqCalendar.FirstDay ? NasdaqCalendar.FirstDay : from;
        var end = to > NasdaqCalendar.LastDay ? NasdaqCalendar.LastDay : to;
        var found = calendar.Days(start, end)
            .Where(d => d.IsTradingDay != bars.Contains(d.Day))
            .Select(d => new CalendarDisagreement(d.Day, d.IsTradingDay, !d.IsTradingDay, d.ClosedFor))
            .ToList();

        // Bars outside the calendar's range are disagreements too: nothing can vouch for them.
        found.AddRange(bars.Where(d => d >= from && d <= to && !NasdaqCalendar.Covers(d))
            .Order()
            .Select(d => new CalendarDisagreement(d, false, true, "outside the calendar's range")));
        return found;
    }
}
