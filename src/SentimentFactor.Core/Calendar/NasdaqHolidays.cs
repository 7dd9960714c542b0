namespace SentimentFactor.Core.Calendar;

/// <summary>
/// The exchange's rules, computed per year rather than listed: full-day closures (holidays with their
/// weekend-observance rules and the one-off closures) and the 13:00 early closes. NASDAQ follows the NYSE
/// schedule; the rules are those of the NYSE Group holiday notices, as also encoded by pandas_market_calendars.
/// </summary>
internal static class NasdaqHolidays
{
    /// <summary>Unscheduled full-day closures (weather, national days of mourning, 9/11).</summary>
    private static readonly (DateOnly Day, string Reason)[] OneOffClosures =
    [
        (new DateOnly(2001, 9, 11), "September 11 attacks"),
        (new DateOnly(2001, 9, 12), "September 11 attacks"),
        (new DateOnly(2001, 9, 13), "September 11 attacks"),
        (new DateOnly(2001, 9, 14), "September 11 attacks"),
        (new DateOnly(2004, 6, 11), "National Day of Mourning (Ronald Reagan)"),
        (new DateOnly(2007, 1, 2), "National Day of Mourning (Gerald Ford)"),
        (new DateOnly(2012, 10, 29), "Hurricane Sandy"),
        (new DateOnly(2012, 10, 30), "Hurricane Sandy"),
        (new DateOnly(2018, 12, 5), "National Day of Mourning (George H. W. Bush)"),
        (new DateOnly(2025, 1, 9), "National Day of Mourning (Jimmy Carter)"),
    ];

    /// <summary>Early closes announced for one day only, outside the yearly rules.</summary>
    private static readonly DateOnly[] OneOffEarlyCloses =
    [
        // Friday after Christmas 2003: 13:00 close (NYSE notice; pandas_market_calendars DayAfterChristmas1pmEarlyCloseAdhoc).
        new DateOnly(2003, 12, 26),
    ];

    /// <summary>Full-day closures of <paramref name="year"/> that fall on weekdays, with their names.</summary>
    public static IEnumerable<(DateOnly Day, string Reason)> Closures(int year)
    {
        // New Year's Day: a Sunday moves to Monday; a Saturday is not observed (NYSE Rule 7.2).
        var newYear = new DateOnly(year, 1, 1);
        if (newYear.DayOfWeek == DayOfWeek.Sunday)
        {
            yield return (newYear.AddDays(1), "New Year's Day (observed)");
        }
        else if (newYear.DayOfWeek != DayOfWeek.Saturday)
        {
            yield return (newYear, "New Year's Day");
        }

        // Martin Luther King Jr. Day: third Monday of January, observed by the exchanges since 1998.
        if (year >= 1998)
        {
            yield return (NthWeekday(year, 1, DayOfWeek.Monday, 3), "Martin Luther King Jr. Day");
        }

        yield return (NthWeekday(year, 2, DayOfWeek.Monday, 3), "Presidents' Day");
        yield return (EasterSunday(year).AddDays(-2), "Good Friday");
        yield return (LastWeekday(year, 5, DayOfWeek.Monday), "Memorial Day");

        // Juneteenth: first observed by the exchanges in 2022.
        if (year >= 2022)
        {
            yield return Observed(new DateOnly(year, 6, 19), "Juneteenth");
        }

        yield return Observed(new DateOnly(year, 7, 4), "Independence Day");
        yield return (NthWeekday(year, 9, DayOfWeek.Monday, 1), "Labor Day");
        yield return (NthWeekday(year, 11, DayOfWeek.Thursday, 4), "Thanksgiving Day");
        yield return Observed(new DateOnly(year, 12, 25), "Christmas Day");

        foreach (var closure in OneOffClosures)
        {
            if (closure.Day.Year == year)
            {
                yield return closure;
            }
        }
    }

    /// <summary>Days of <paramref name="year"/> with a 13:00 close (only meaningful on trading days).</summary>
    public static IEnumerable<DateOnly> EarlyCloses(int year)
    {
        // Independence Day: July 3 closes early when it is a Monday, Tuesday or Thursday; a Wednesday
        // July 3 only since 2013. Before 2013, a Thursday July 4 moved the early close to Friday July 5.
        var july3 = new DateOnly(year, 7, 3);
        if (july3.DayOfWeek is DayOfWeek.Monday or DayOfWeek.Tuesday or DayOfWeek.Thursday
            || (july3.DayOfWeek == DayOfWeek.Wednesday && year >= 2013))
        {
            yield return july3;
        }

        var july5 = new DateOnly(year, 7, 5);
        if (july5.DayOfWeek == DayOfWeek.Friday && year < 2013)
        {
            yield return july5;
        }

        // The day after Thanksgiving (13:00 since 1993).
        yield return NthWeekday(year, 11, DayOfWeek.Thursday, 4).AddDays(1);

        // Christmas Eve on Monday to Thursday (a Friday Christmas Eve is the observed Christmas holiday).
        var christmasEve = new DateOnly(year, 12, 24);
        if (christmasEve.DayOfWeek is >= DayOfWeek.Monday and <= DayOfWeek.Thursday)
        {
            yield return christmasEve;
        }

        foreach (var day in OneOffEarlyCloses)
        {
            if (day.Year == year)
            {
                yield return day;
            }
        }
    }

    /// <summary>Easter Sunday (Gregorian), by the anonymous (Meeus/Jones/Butcher) computus.</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    /// <summary>A fixed-date holiday on a Saturday is observed the Friday before, on a Sunday the Monday after.</summary>
    private static (DateOnly Day, string Reason) Observed(DateOnly day, string name) => day.DayOfWeek switch
    {
        DayOfWeek.Saturday => (day.AddDays(-1), name + " (observed)"),
        DayOfWeek.Sunday => (day.AddDays(1), name + " (observed)"),
        _ => (day, name),
    };

    private static DateOnly NthWeekday(int year, int month, DayOfWeek weekday, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)weekday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + (7 * (n - 1)));
    }

    private static DateOnly LastWeekday(int year, int month, DayOfWeek weekday)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        var offset = ((int)last.DayOfWeek - (int)weekday + 7) % 7;
        return last.AddDays(-offset);
    }
}
