using SentimentFactor.Core.Calendar;

namespace SentimentFactor.Core.Tests.Calendar;

public sealed class CalendarDisagreementTests
{
    private static readonly NasdaqCalendar Calendar = NasdaqCalendar.Instance;

    [Fact]
    public void Bars_matching_the_calendar_give_no_disagreement()
    {
        var from = new DateOnly(2024, 3, 1);
        var to = new DateOnly(2024, 4, 30);
        var bars = Calendar.TradingDays(from, to);

        Assert.Empty(CalendarDisagreement.Find(Calendar, bars, from, to));
    }

    [Fact]
    public void A_missing_bar_and_a_bar_on_a_holiday_are_both_reported()
    {
        var from = new DateOnly(2024, 3, 1);
        var to = new DateOnly(2024, 4, 30);
        var missing = new DateOnly(2024, 3, 15);
        var bars = Calendar.TradingDays(from, to).Where(d => d != missing).Append(KnownDates.GoodFriday2024);

        var found = CalendarDisagreement.Find(Calendar, bars, from, to);

        Assert.Equal(
            [
                new CalendarDisagreement(missing, true, false, null),
                new CalendarDisagreement(KnownDates.GoodFriday2024, false, true, "Good Friday"),
            ],
            found);
    }
}
