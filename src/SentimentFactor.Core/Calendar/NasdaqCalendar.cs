namespace SentimentFactor.Core.Calendar;

/// <summary>
/// The NASDAQ trading calendar from <see cref="FirstDay"/> to <see cref="LastDay"/> (weekends, holidays with
/// their observance rules, one-off closures, 13:00 early closes), and the one rule that assigns a post to a
/// trading day (<see cref="TradingDayFor"/>). Immutable and thread-safe; build once, share.
/// </summary>
public sealed class NasdaqCalendar
{
    /// <summary>New York time zone id (IANA); DST comes from the machine's tzdata.</summary>
    public const string TimeZoneId = "America/New_York";

    /// <summary>First date the calendar covers (inclusive).</summary>
    public static readonly DateOnly FirstDay = new(2000, 1, 1);

    /// <summary>Last date the calendar covers (inclusive).</summary>
    public static readonly DateOnly LastDay = new(2030, 12, 31);

    /// <summary>Regular close, New York wall-clock time.</summary>
    public static readonly TimeOnly RegularClose = new(16, 0);

    /// <summary>Early close, New York wall-clock time.</summary>
    public static readonly TimeOnly EarlyClose = new(13, 0);

    private readonly CalendarDay[] _days;

    private NasdaqCalendar()
    {
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);
        var count = LastDay.DayNumber - FirstDay.DayNumber + 1;
        var closures = new Dictionary<DateOnly, string>();
        var earlyCloses = new HashSet<DateOnly>();
        for (var year = FirstDay.Year; year <= LastDay.Year; year++)
        {
            foreach (var (day, reason) in NasdaqHolidays.Closures(year))
            {
                closures.TryAdd(day, reason);
            }

            earlyCloses.UnionWith(NasdaqHolidays.EarlyCloses(year));
        }

        _days = new CalendarDay[count];
        DateOnly? next = null;
        for (var i = count - 1; i >= 0; i--)
        {
            var day = FirstDay.AddDays(i);
            string? closedFor = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday
                ? "weekend"
                : closures.GetValueOrDefault(day);
            if (closedFor is not null)
            {
                _days[i] = new CalendarDay(day, false, null, false, closedFor, next);
                continue;
            }

            var early = earlyCloses.Contains(day);
            var close = ToInstant(day, early ? EarlyClose : RegularClose);
            _days[i] = new CalendarDay(day, true, close, early, null, next);
            next = day;
        }
    }

    /// <summary>The calendar (built once per process; about 11,000 days).</summary>
    public static NasdaqCalendar Instance { get; } = new();

    /// <summary>America/New_York.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>True when <paramref name="day"/> lies within <see cref="FirstDay"/>..<see cref="LastDay"/>.</summary>
    public static bool Covers(DateOnly day) => day >= FirstDay && day <= LastDay;

    /// <summary>The exchange's view of one date.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The date is outside the calendar's range.</exception>
    public CalendarDay Day(DateOnly day) => _days[Index(day)];

    /// <summary>True when the exchange held a session on <paramref name="day"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The date is outside the calendar's range.</exception>
    public bool IsTradingDay(DateOnly day) => Day(day).IsTradingDay;

    /// <summary>Every date from <paramref name="from"/> to <paramref name="to"/>, both inclusive, open or closed.</summary>
    public IReadOnlyList<CalendarDay> Days(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return [];
        }

        var start = Index(from);
        return new ArraySegment<CalendarDay>(_days, start, Index(to) - start + 1);
    }

    /// <summary>The trading days from <paramref name="from"/> to <paramref name="to"/>, both inclusive.</summary>
    public IReadOnlyList<DateOnly> TradingDays(DateOnly from, DateOnly to) =>
        Days(from, to).Where(d => d.IsTradingDay).Select(d => d.Day).ToList();

    /// <summary>The first trading day after <paramref name="day"/>; <c>null</c> past the calendar's end.</summary>
    public DateOnly? NextTradingDay(DateOnly day) => Day(day).NextTradingDay;

    /// <summary>The last trading day before <paramref name="day"/>; <c>null</c> before the calendar's start.</summary>
    public DateOnly? PreviousTradingDay(DateOnly day)
    {
        for (var i = Index(day) - 1; i >= 0; i--)
        {
            if (_days[i].IsTradingDay)
            {
                return _days[i].Day;
            }
        }

        return null;
    }

    /// <summary>
    /// The trading day a post created at <paramref name="createdAt"/> belongs to: the first trading day whose
    /// close (16:00 New York, or 13:00 on an early close) is strictly after it. 15:59:59 counts for that day,
    /// 16:00:00 for the next; weekend and holiday posts roll forward. The only place this rule is written:
    /// the database's assignment reads <see cref="Days"/> materialised by the aggregation store.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The instant's New York date is outside the calendar, or its trading day would be after <see cref="LastDay"/>.
    /// </exception>
    public DateOnly TradingDayFor(DateTimeOffset createdAt)
    {
        // docs/architecture.md (the 16:00 cut-off): a post belongs to the trading day whose close it precedes.
        var local = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(createdAt, TimeZone).DateTime);
        var day = Day(local);
        if (day.IsTradingDay && createdAt < day.CloseUtc)
        {
            return day.Day;
        }

        return day.NextTradingDay ?? throw new ArgumentOutOfRangeException(
            nameof(createdAt), createdAt, $"The trading day after {local:yyyy-MM-dd} is past the calendar's end ({LastDay:yyyy-MM-dd}).");
    }

    /// <summary>
    /// The instants whose posts belong to <paramref name="tradingDay"/>: from the previous trading day's close
    /// (inclusive; midnight New York of <see cref="FirstDay"/> for the first one) to this day's close (exclusive).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="tradingDay"/> is not a trading day.</exception>
    public (DateTimeOffset Start, DateTimeOffset End) PostWindow(DateOnly tradingDay)
    {
        var day = Day(tradingDay);
        if (!day.IsTradingDay)
        {
            throw new ArgumentException($"{tradingDay:yyyy-MM-dd} is not a trading day ({day.ClosedFor}).", nameof(tradingDay));
        }

        var previous = PreviousTradingDay(tradingDay);
        var start = previous is { } p ? Day(p).CloseUtc!.Value : ToInstant(FirstDay, TimeOnly.MinValue);
        return (start, day.CloseUtc!.Value);
    }

    /// <summary>The instant of a New York wall-clock time on a date (DST resolved by the time zone).</summary>
    public DateTimeOffset ToInstant(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, TimeZone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static int Index(DateOnly day)
    {
        if (!Covers(day))
        {
            throw new ArgumentOutOfRangeException(
                nameof(day), day, $"The trading calendar covers {FirstDay:yyyy-MM-dd} to {LastDay:yyyy-MM-dd}.");
        }

        return day.DayNumber - FirstDay.DayNumber;
    }
}
