using SentimentFactor.Core.Calendar;

namespace SentimentFactor.Core.Tests.Calendar;

public sealed class NasdaqCalendarTests
{
    private static readonly NasdaqCalendar Calendar = NasdaqCalendar.Instance;

    public static TheoryData<DateOnly> ClosedDays() =>
    [
        KnownDates.MlkDay2000, KnownDates.GoodFriday2000, KnownDates.ChristmasMonday2000,
        KnownDates.September11Tuesday, KnownDates.September14Friday, KnownDates.ReaganMourning,
        KnownDates.FordMourning, KnownDates.GoodFridayMarch2008, KnownDates.NewYearSundayObservedMonday2012,
        KnownDates.SandyMonday, KnownDates.SandyTuesday, KnownDates.IndependenceSaturdayObservedFriday2015,
        KnownDates.ChristmasSundayObservedMonday2016, KnownDates.BushMourning,
        KnownDates.IndependenceSundayObservedMonday2021, KnownDates.ChristmasSaturdayObservedFriday2021,
        KnownDates.JuneteenthSundayObservedMonday2022, KnownDates.Juneteenth2023, KnownDates.GoodFriday2024,
        KnownDates.Thanksgiving2024, KnownDates.NewYear2025, KnownDates.CarterMourning,
        KnownDates.JuneteenthSaturdayObservedFriday2027, KnownDates.LaborDay2030, KnownDates.Thanksgiving2030,
    ];

    public static TheoryData<DateOnly> OpenWeekdays() =>
    [
        KnownDates.NewYearsEveBeforeSaturdayNewYear2004, KnownDates.NewYearsEveBeforeSaturdayNewYear2021,
        KnownDates.FridayBeforeJuneteenthIn2021, KnownDates.JuneteenthMonday2000sNotAHoliday,
        KnownDates.DayAfterSandy, KnownDates.FirstTradingDay2000, KnownDates.LastTradingDay2030,
        KnownDates.WednesdayJuly3In2002, KnownDates.FridayAfterIndependenceThursday2013,
        KnownDates.ChristmasEveTuesday2024DayBefore,
    ];

    public static TheoryData<DateOnly> EarlyCloseDays() =>
    [
        KnownDates.FridayAfterIndependenceThursday2002, KnownDates.FridayAfterThanksgiving2024,
        KnownDates.DayAfterChristmas2003, KnownDates.WednesdayJuly3In2013, KnownDates.MondayJuly3In2023,
        KnownDates.WednesdayJuly3In2024, KnownDates.ThursdayJuly3In2025, KnownDates.ChristmasEveMonday2018,
        KnownDates.ChristmasEveTuesday2024,
    ];

    [Theory]
    [MemberData(nameof(ClosedDays))]
    public void Known_holidays_and_closures_are_not_trading_days(DateOnly day)
    {
        var entry = Calendar.Day(day);

        Assert.False(entry.IsTradingDay);
        Assert.NotEqual("weekend", entry.ClosedFor);
        Assert.Null(entry.CloseUtc);
    }

    [Theory]
    [MemberData(nameof(OpenWeekdays))]
    public void Weekdays_next_to_holiday_rules_are_trading_days_with_a_1600_close(DateOnly day)
    {
        var entry = Calendar.Day(day);

        Assert.True(entry.IsTradingDay, $"{day} closed for {entry.ClosedFor}");
        Assert.False(entry.IsEarlyClose);
        Assert.Equal(Calendar.ToInstant(day, new TimeOnly(16, 0)), entry.CloseUtc);
    }

    [Theory]
    [MemberData(nameof(EarlyCloseDays))]
    public void Early_close_days_close_at_1300_new_york(DateOnly day)
    {
        var entry = Calendar.Day(day);

        Assert.True(entry.IsTradingDay);
        Assert.True(entry.IsEarlyClose);
        Assert.Equal(Calendar.ToInstant(day, new TimeOnly(13, 0)), entry.CloseUtc);
    }

    [Theory]
    [InlineData(2001, 248)] // four days closed after September 11
    [InlineData(2012, 250)] // Hurricane Sandy
    [InlineData(2018, 251)]
    [InlineData(2020, 253)]
    [InlineData(2021, 252)]
    [InlineData(2022, 251)]
    [InlineData(2023, 250)]
    [InlineData(2024, 252)]
    public void Trading_days_per_year_match_the_exchange_counts(int year, int expected)
    {
        var days = Calendar.TradingDays(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));

        Assert.Equal(expected, days.Count);
    }

    [Fact]
    public void Weekends_are_never_trading_days()
    {
        var weekendsOpen = Calendar.Days(NasdaqCalendar.FirstDay, NasdaqCalendar.LastDay)
            .Where(d => d.Day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday && d.IsTradingDay);

        Assert.Empty(weekendsOpen);
    }

    [Fact]
    public void Close_instants_follow_new_york_daylight_saving()
    {
        // 16:00 EST is 21:00 UTC; 16:00 EDT is 20:00 UTC.
        var fridayBeforeSpringForward = Calendar.Day(KnownDates.SpringForwardSunday2024.AddDays(-2));
        var mondayAfterSpringForward = Calendar.Day(KnownDates.SpringForwardSunday2024.AddDays(1));

        Assert.Equal(new DateTimeOffset(2024, 3, 8, 21, 0, 0, TimeSpan.Zero), fridayBeforeSpringForward.CloseUtc);
        Assert.Equal(new DateTimeOffset(2024, 3, 11, 20, 0, 0, TimeSpan.Zero), mondayAfterSpringForward.CloseUtc);
    }

    [Fact]
    public void Next_trading_day_skips_weekend_and_holiday()
    {
        // Thursday before Good Friday 2024 -> Monday after Easter.
        Assert.Equal(new DateOnly(2024, 4, 1), Calendar.NextTradingDay(KnownDates.GoodFriday2024.AddDays(-1)));
        Assert.Equal(new DateOnly(2024, 3, 28), Calendar.PreviousTradingDay(KnownDates.GoodFriday2024));
        Assert.Null(Calendar.NextTradingDay(KnownDates.LastTradingDay2030));
        Assert.Null(Calendar.PreviousTradingDay(KnownDates.FirstTradingDay2000));
    }

    [Fact]
    public void Dates_outside_2000_to_2030_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.Day(new DateOnly(1999, 12, 31)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.Day(new DateOnly(2031, 1, 1)));
    }
}
