using Microsoft.Extensions.Logging;
using Quartz;
using SentimentFactor.Jobs.Chain;

namespace SentimentFactor.Jobs.Scheduling;

/// <summary>
/// Chains the stage jobs: when a stage job ends with a <see cref="StageHandOff"/> (its stage succeeded), the next
/// stage's job is fired with the chain's data. A failed, cancelled or locked stage hands nothing off, so the chain
/// stops there. In clustered mode the next stage's trigger is stored, and any host of the cluster may run it.
/// </summary>
internal sealed class StageChainListener(ChainWaiters waiters, ILogger<StageChainListener> logger) : IJobListener
{
    public string Name => "sentimentfactor-nightly-chain";

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (jobException is not null || context.Result is not StageHandOff handOff)
        {
            return;
        }

        try
        {
            await context.Scheduler.TriggerJob(handOff.Next, handOff.Data, cancellationToken);
            Log.StageHandedOff(logger, handOff.ChainRunId, handOff.Stage, handOff.Next.Name);
        }
        catch (Exception ex) when (ex is SchedulerException or OperationCanceledException)
        {
            Log.HandOffFailed(logger, handOff.ChainRunId, handOff.Next.Name, ex);
            waiters.Complete(handOff.WaiterId, ChainStatus.Failed, handOff.Next.Name, $"The next stage '{handOff.Next.Name}' could not be queued: {ex.Message}");
        }
    }
}
