using System.Collections.Concurrent;

namespace SentimentFactor.Jobs.Chain;

/// <summary>
/// Lets `sf run nightly` wait, in-process, for the chain it started in its own scheduler: the stage jobs report each
/// stage's result and the chain's end here, under the waiter id the chain's job data carries.
/// </summary>
public sealed class ChainWaiters(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Waiter> _waiters = new(StringComparer.Ordinal);

    /// <summary>A new waiter; its id goes into the chain's job data.</summary>
    public (string Id, Task<ChainResult> Result) Register()
    {
        var id = Guid.NewGuid().ToString("N");
        var waiter = new Waiter(timeProvider.GetTimestamp());
        _waiters[id] = waiter;
        return (id, waiter.Completion.Task);
    }

    /// <summary>Adds a stage's result to the waiter's chain result.</summary>
    public void Stage(string? waiterId, StageResult result)
    {
        if (waiterId is not null && _waiters.TryGetValue(waiterId, out var waiter))
        {
            lock (waiter.Stages)
            {
                waiter.Stages.Add(result);
            }
        }
    }

    /// <summary>Ends the waiter's chain with <paramref name="status"/>.</summary>
    public void Complete(string? waiterId, ChainStatus status, string? failedStage, string? error)
    {
        if (waiterId is null || !_waiters.TryRemove(waiterId, out var waiter))
        {
            return;
        }

        StageResult[] stages;
        lock (waiter.Stages)
        {
            stages = [.. waiter.Stages];
        }

        waiter.Completion.TrySetResult(new ChainResult(status, stages, failedStage, error, timeProvider.GetElapsedTime(waiter.Started)));
    }

    private sealed class Waiter(long started)
    {
        public long Started { get; } = started;

        public List<StageResult> Stages { get; } = [];

        public TaskCompletionSource<ChainResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
