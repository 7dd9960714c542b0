namespace SentimentFactor.Core.Calendar;

/// <summary>
/// One New York calendar date as the exchange saw it: open (with its close instant) or closed (with the reason).
/// </summary>
/// <param name="Day">The date in America/New_York.</param>
/// <param name="IsTradingDay">True when the exchange held a session that day.</param>
/// <param name="CloseUtc">The session's close as an instant (UTC offset); <c>null</c> when closed.</param>
/// <param name="IsEarlyClose">True for a 13:00 New York close.</param>
/// <param name="ClosedFor">Why the exchange was closed ("weekend", "Good Friday", ...); <c>null</c> when open.</param>
/// <param name="NextTradingDay">
/// The first trading day after <paramref name="Day"/>; <c>null</c> past the end of the calendar's range.
/// </param>
public sealed record CalendarDay(
    DateOnly Day,
    bool IsTradingDay,
    DateTimeOffset? CloseUtc,
    bool IsEarlyClose,
    string? ClosedFor,
    DateOnly? NextTradingDay);
