namespace SentimentFactor.Testing.Fakes;

/// <summary>
/// A clock for code that waits (rate-limit resets, retry backoff): every timer fires at once (after ~1 ms of real
/// time) and moves the clock forward by its due time, so a 15-minute wait takes a millisecond; every wait is recorded.
/// </summary>
public sealed class InstantTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _waits = [];
    private DateTimeOffset _now;

    public InstantTimeProvider(DateTimeOffset start)
    {
        _now = start;
    }

    /// <summary>Every timer due time asked for so far, in order.</summary>
    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_lock)
            {
                return [.. _waits];
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_lock)
        {
            _now += by;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return new Timer(_ => { }, null, Timeout.Infinite, Timeout.Infinite);
        }

        lock (_lock)
        {
            _now += dueTime;
            _waits.Add(dueTime);
        }

        // Fire shortly on real time: the creator (Task.Delay) stores the timer before the callback may run.
        return new Timer(callback, state, TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
    }
}
