using SentimentFactor.Jobs.Chain;

namespace SentimentFactor.Jobs.Tests;

/// <summary>
/// A stage that counts its runs and can be told to fail or to wait at a gate. Its failures are transient (a timeout,
/// retried) unless <paramref name="transient"/> is false (a failure that repeats on every try, not retried).
/// </summary>
internal sealed class TestStage(string name, int failures = 0, bool transient = true) : INightlyStage
{
    private int _runs;

    public string Name => name;

    public int Runs => Volatile.Read(ref _runs);

    /// <summary>When set, a run signals <see cref="Entered"/> and waits for this before finishing.</summary>
    public TaskCompletionSource? Gate { get; init; }

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var run = Interlocked.Increment(ref _runs);
        Entered.TrySetResult();
        if (Gate is not null)
        {
            await Gate.Task.WaitAsync(cancellationToken);
        }

        if (run <= failures)
        {
            throw transient
                ? new TimeoutException($"{name} broke on run {run}")
                : new InvalidDataException($"{name} broke on run {run}");
        }

        var outcome = new StageOutcome();
        outcome.Counts["run"] = run;
        return outcome;
    }
}
