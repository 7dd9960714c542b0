using Quartz;

namespace SentimentFactor.Jobs.Chain;

/// <summary>
/// `sf run nightly`: runs the chain once, now, through the same stage jobs and chaining as the scheduler, in this
/// process's own in-memory scheduler (<see cref="JobsHostingExtensions.AddNightlyRunner"/>), and waits for its end.
/// Cancelling stops the scheduler: the running stage stops at its next clean point and the chain ends 'cancelled'.
/// </summary>
public sealed class NightlyRunner(ISchedulerFactory schedulers, IEnumerable<INightlyStage> stages, ChainWaiters waiters)
{
    /// <summary>Runs the chain for <paramref name="day"/> (null: up to now) and returns how it ended.</summary>
    public async Task<ChainResult> RunAsync(DateOnly? day, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var first = stages.First().Name;
        var (waiterId, result) = waiters.Register();
        await scheduler.TriggerJob(NightlyJobs.StageJobKey(first), new ChainTicket(null, "cli", day, waiterId, Missed: false).ForStart(), cancellationToken);
        try
        {
            return await result.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown cancels the running stage's token; the stage job then records the chain as cancelled.
            await scheduler.Shutdown(waitForJobsToComplete: true, CancellationToken.None);
            if (result.IsCompleted)
            {
                return await result;
            }

            // Stopped between two stages: no stage job was there to record it; the chain's lease runs out on its own.
            waiters.Complete(waiterId, ChainStatus.Cancelled, null, "Cancelled between two stages; the next run starts from the missing data.");
            return await result;
        }
    }
}
