namespace SentimentFactor.Core.Tests.Calendar;

/// <summary>Dates whose exchange status is known from the NYSE/NASDAQ holiday notices, named for what they test.</summary>
internal static class KnownDates
{
    // Full-day closures.
    public static readonly DateOnly MlkDay2000 = new(2000, 1, 17);
    public static readonly DateOnly GoodFriday2000 = new(2000, 4, 21);
    public static readonly DateOnly ChristmasMonday2000 = new(2000, 12, 25);
    public static readonly DateOnly September11Tuesday = new(2001, 9, 11);
    public static readonly DateOnly September14Friday = new(2001, 9, 14);
    public static readonly DateOnly ReaganMourning = new(2004, 6, 11);
    public static readonly DateOnly FordMourning = new(2007, 1, 2);
    public static readonly DateOnly GoodFridayMarch2008 = new(2008, 3, 21);
    public static readonly DateOnly NewYearSundayObservedMonday2012 = new(2012, 1, 2);
    public static readonly DateOnly SandyMonday = new(2012, 10, 29);
    public static readonly DateOnly SandyTuesday = new(2012, 10, 30);
    public static readonly DateOnly IndependenceSaturdayObservedFriday2015 = new(2015, 7, 3);
    public static readonly DateOnly ChristmasSundayObservedMonday2016 = new(2016, 12, 26);
    public static readonly DateOnly BushMourning = new(2018, 12, 5);
    public static readonly DateOnly IndependenceSundayObservedMonday2021 = new(2021, 7, 5);
    public static readonly DateOnly ChristmasSaturdayObservedFriday2021 = new(2021, 12, 24);
    public static readonly DateOnly JuneteenthSundayObservedMonday2022 = new(2022, 6, 20);
    public static readonly DateOnly Juneteenth2023 = new(2023, 6, 19);
    public static readonly DateOnly GoodFriday2024 = new(2024, 3, 29);
    public static readonly DateOnly Thanksgiving2024 = new(2024, 11, 28);
    public static readonly DateOnly NewYear2025 = new(2025, 1, 1);
    public static readonly DateOnly CarterMourning = new(2025, 1, 9);
    public static readonly DateOnly JuneteenthSaturdayObservedFriday2027 = new(2027, 6, 18);
    public static readonly DateOnly LaborDay2030 = new(2030, 9, 2);
    public static readonly DateOnly Thanksgiving2030 = new(2030, 11, 28);

    // Weekdays that look like holidays but were trading days.
    public static readonly DateOnly NewYearsEveBeforeSaturdayNewYear2004 = new(2004, 12, 31);
    public static readonly DateOnly NewYearsEveBeforeSaturdayNewYear2021 = new(2021, 12, 31);
    public static readonly DateOnly FridayBeforeJuneteenthIn2021 = new(2021, 6, 18);
    public static readonly DateOnly JuneteenthMonday2000sNotAHoliday = new(2017, 6, 19);
    public static readonly DateOnly DayAfterSandy = new(2012, 10, 31);
    public static readonly DateOnly FirstTradingDay2000 = new(2000, 1, 3);
    public static readonly DateOnly LastTradingDay2030 = new(2030, 12, 31);

    // 13:00 early closes.
    public static readonly DateOnly FridayAfterIndependenceThursday2002 = new(2002, 7, 5);
    public static readonly DateOnly FridayAfterThanksgiving2024 = new(2024, 11, 29);
    public static readonly DateOnly DayAfterChristmas2003 = new(2003, 12, 26);
    public static readonly DateOnly WednesdayJuly3In2013 = new(2013, 7, 3);
    public static readonly DateOnly MondayJuly3In2023 = new(2023, 7, 3);
    public static readonly DateOnly WednesdayJuly3In2024 = new(2024, 7, 3);
    public static readonly DateOnly ThursdayJuly3In2025 = new(2025, 7, 3);
    public static readonly DateOnly ChristmasEveMonday2018 = new(2018, 12, 24);
    public static readonly DateOnly ChristmasEveTuesday2024 = new(2024, 12, 24);

    // Regular 16:00 closes next to the early-close rules.
    public static readonly DateOnly WednesdayJuly3In2002 = new(2002, 7, 3);
    public static readonly DateOnly FridayAfterIndependenceThursday2013 = new(2013, 7, 5);
    public static readonly DateOnly ChristmasEveTuesday2024DayBefore = new(2024, 12, 23);

    // Daylight saving Sundays in New York.
    public static readonly DateOnly SpringForwardSunday2024 = new(2024, 3, 10);
    public static readonly DateOnly FallBackSunday2024 = new(2024, 11, 3);
}
