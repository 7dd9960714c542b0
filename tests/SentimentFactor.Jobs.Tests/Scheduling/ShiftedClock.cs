namespace SentimentFactor.Jobs.Tests.Scheduling;

/// <summary>Real time moved by an offset that a test can change: "now" time-travels, waits and timers stay real.</summary>
internal sealed class ShiftedClock(DateTimeOffset now) : TimeProvider
{
    private long _offsetTicks = (now - DateTimeOffset.UtcNow).Ticks;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref _offsetTicks));

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Jumps "now" to <paramref name="now"/>.</summary>
    public void TravelTo(DateTimeOffset now) => Interlocked.Exchange(ref _offsetTicks, (now - DateTimeOffset.UtcNow).Ticks);
}
