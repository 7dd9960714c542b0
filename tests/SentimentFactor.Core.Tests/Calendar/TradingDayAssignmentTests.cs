using SentimentFactor.Core.Calendar;

namespace SentimentFactor.Core.Tests.Calendar;

public sealed class TradingDayAssignmentTests
{
    private static readonly NasdaqCalendar Calendar = NasdaqCalendar.Instance;

    private static DateOnly Assign(string instant) => Calendar.TradingDayFor(DateTimeOffset.Parse(instant, null));

    [Theory]
    // Summer (EDT, UTC-4): 16:00 New York = 20:00 UTC.
    [InlineData("2024-06-12T15:59:59-04:00", "2024-06-12")]
    [InlineData("2024-06-12T16:00:00-04:00", "2024-06-13")]
    // Winter (EST, UTC-5): 16:00 New York = 21:00 UTC.
    [InlineData("2024-01-10T20:59:59Z", "2024-01-10")]
    [InlineData("2024-01-10T21:00:00Z", "2024-01-11")]
    [InlineData("2024-01-10T09:30:00-05:00", "2024-01-10")]
    [InlineData("2024-01-10T00:00:00-05:00", "2024-01-10")]
    public void Post_at_1559_59_counts_for_the_same_day_and_at_1600_for_the_next(string instant, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, null), Assign(instant));
    }

    [Fact]
    public void Post_at_1600_new_york_on_friday_counts_for_monday()
    {
        Assert.Equal(new DateOnly(2024, 6, 17), Assign("2024-06-14T20:00:00Z"));
        Assert.Equal(new DateOnly(2024, 6, 17), Assign("2024-06-16T12:00:00Z"));
    }

    [Theory]
    // Spring forward: Friday closes at 21:00 UTC (EST), Monday at 20:00 UTC (EDT).
    [InlineData("2024-03-08T20:59:59Z", "2024-03-08")]
    [InlineData("2024-03-08T21:00:00Z", "2024-03-11")]
    [InlineData("2024-03-10T06:59:59Z", "2024-03-11")] // 01:59:59 EST, just before the jump
    [InlineData("2024-03-10T07:00:00Z", "2024-03-11")] // 03:00:00 EDT
    [InlineData("2024-03-11T19:59:59Z", "2024-03-11")]
    [InlineData("2024-03-11T20:00:00Z", "2024-03-12")]
    // Fall back: Friday closes at 20:00 UTC (EDT), Monday at 21:00 UTC (EST); 01:30 happens twice on Sunday.
    [InlineData("2024-11-01T19:59:59Z", "2024-11-01")]
    [InlineData("2024-11-01T20:00:00Z", "2024-11-04")]
    [InlineData("2024-11-03T05:30:00Z", "2024-11-04")]
    [InlineData("2024-11-03T06:30:00Z", "2024-11-04")]
    [InlineData("2024-11-04T20:30:00Z", "2024-11-04")] // 15:30 EST: would be 16:30 under EDT
    [InlineData("2024-11-04T21:00:00Z", "2024-11-05")]
    public void Posts_around_dst_sundays_use_the_new_york_offset_of_their_day(string instant, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, null), Assign(instant));
    }

    [Theory]
    [InlineData("2024-12-31T20:59:59Z", "2024-12-31")]
    [InlineData("2024-12-31T21:00:00Z", "2025-01-02")]
    [InlineData("2025-01-01T03:00:00Z", "2025-01-02")] // still Dec 31 in New York
    [InlineData("2025-01-01T17:00:00Z", "2025-01-02")]
    public void New_years_day_posts_roll_to_january_2(string instant, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, null), Assign(instant));
    }

    [Theory]
    [InlineData("2024-03-28T19:59:59Z", "2024-03-28")]
    [InlineData("2024-03-28T20:00:00Z", "2024-04-01")]
    [InlineData("2024-03-29T14:00:00Z", "2024-04-01")]
    public void Good_friday_posts_roll_to_the_monday_after_easter(string instant, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, null), Assign(instant));
    }

    [Theory]
    // Friday after Thanksgiving: 13:00 EST = 18:00 UTC.
    [InlineData("2024-11-29T17:59:59Z", "2024-11-29")]
    [InlineData("2024-11-29T18:00:00Z", "2024-12-02")]
    // Day before Independence Day: 13:00 EDT = 17:00 UTC, July 4 closed.
    [InlineData("2024-07-03T16:59:59Z", "2024-07-03")]
    [InlineData("2024-07-03T17:00:00Z", "2024-07-05")]
    public void Posts_after_an_early_close_count_for_the_next_trading_day(string instant, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, null), Assign(instant));
    }

    [Fact]
    public void Posts_on_a_one_off_closure_roll_forward()
    {
        Assert.Equal(new DateOnly(2025, 1, 10), Assign("2025-01-08T21:00:00Z"));
        Assert.Equal(new DateOnly(2001, 9, 17), Assign("2001-09-11T13:00:00Z"));
    }

    [Fact]
    public void Post_windows_tile_time_and_agree_with_the_assignment_rule()
    {
        var tick = TimeSpan.FromTicks(1);
        DateTimeOffset? previousEnd = null;
        foreach (var day in Calendar.TradingDays(NasdaqCalendar.FirstDay, NasdaqCalendar.LastDay))
        {
            var (start, end) = Calendar.PostWindow(day);

            if (previousEnd is { } p)
            {
                Assert.Equal(p, start);
            }

            Assert.Equal(day, Calendar.TradingDayFor(start));
            Assert.Equal(day, Calendar.TradingDayFor(end - tick));
            previousEnd = end;
        }
    }

    [Fact]
    public void Post_after_the_last_close_of_2030_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Assign("2030-12-31T21:00:00Z"));
    }
}
