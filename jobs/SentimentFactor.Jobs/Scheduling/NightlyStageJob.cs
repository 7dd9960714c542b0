using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using SentimentFactor.Jobs.Chain;
using SentimentFactor.Storage;
using SentimentFactor.Storage.Jobs;

namespace SentimentFactor.Jobs.Scheduling;

/// <summary>
/// The Quartz job of one stage of the nightly chain (one job per stage, keyed by the stage's name; the cron trigger
/// fires the first). It holds the chain's PostgreSQL advisory lock while its stage runs, so no two stages of any chains
/// ever run at once (threads, processes, hosts); starts the chain run when it is the first stage, or takes it on
/// from the stage before; runs its stage with retries; then either hands off to the next stage
/// (<see cref="StageChainListener"/> fires it) or ends the chain run. Shutdown cancels its token: the stage stops at
/// its next clean point and the chain ends 'cancelled'.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class NightlyStageJob(
    IEnumerable<INightlyStage> stages,
    StageAttempts attempts,
    ChainLedger ledger,
    ChainWaiters waiters,
    SfDatabase database,
    IOptions<JobsOptions> options,
    TimeProvider timeProvider,
    ILogger<NightlyStageJob> logger) : IJob
{
    /// <summary>Job data key (of the job itself) naming its stage.</summary>
    public const string StageKey = "stage";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var order = stages.ToList();
        var name = context.JobDetail.JobDataMap.TryGetString(StageKey, out var s) && s is not null ? s : context.JobDetail.Key.Name;
        var index = order.FindIndex(x => x.Name == name);
        if (index < 0)
        {
            throw new JobExecutionException($"Quartz job {context.JobDetail.Key} names stage '{name}', which this host does not have (stages: {string.Join(", ", order.Select(x => x.Name))}).");
        }

        var stage = order[index];
        var ticket = ChainTicket.From(context.MergedJobDataMap);
        var node = context.Scheduler.SchedulerInstanceId;
        var dataSource = await database.OpenAsync(cancellationToken);
        var store = new JobRunStore(dataSource);
        var advisoryLock = await LockAsync(store, ticket, $"sf nightly {stage.Name} on {node}", cancellationToken);
        if (advisoryLock is null)
        {
            await LockedAsync(store, ticket, stage.Name, node, cancellationToken);
            return;
        }

        await using (advisoryLock)
        {
            var chain = await ClaimAsync(context, store, ticket, stage.Name, node, cancellationToken);
            if (chain is null)
            {
                return;
            }

            var counts = JsonNode.Parse(chain.Counts) as JsonObject;
            var day = counts?["day"]?.GetValue<string>() is { } d ? DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture) : (DateOnly?)null;
            // Read as of the chain's start: this chain's own stages must not count as "the last success".
            var stageContext = new StageContext(
                dataSource,
                day,
                await store.LastSucceededDayAsync(NightlyJobs.StageJob(Stages.AggregateStage.StageName), chain.StartedAt, cancellationToken),
                await store.LastSucceededStartAsync(NightlyJobs.StageJob(Stages.ScoreStage.StageName), chain.StartedAt, cancellationToken));
            StageResult result;
            await using (ledger.KeepAlive(store, chain.JobRunId, node))
            {
                result = await attempts.RunAsync(store, stage, stageContext, chain.JobRunId, node, cancellationToken);
            }

            waiters.Stage(ticket.WaiterId, result);
            await EndStageAsync(context, store, chain, order, index, result, ticket, node, cancellationToken);
        }
    }

    // The chain run this stage belongs to: a new one for the first stage of a fire, the one named in the ticket otherwise.
    // Null (with the reason recorded) when another chain is in flight or this one is over.
    private async Task<ChainRun?> ClaimAsync(IJobExecutionContext context, JobRunStore store, ChainTicket ticket, string stage, string node, CancellationToken cancellationToken)
    {
        if (ticket.ChainRunId is { } chainRunId)
        {
            var resumed = await ledger.ResumeAsync(store, chainRunId, node, context.Recovering, cancellationToken);
            if (resumed is null)
            {
                Log.ChainGone(logger, chainRunId, stage);
                waiters.Complete(ticket.WaiterId, ChainStatus.Failed, stage, $"Chain run {chainRunId} is over (superseded or finished elsewhere); stage '{stage}' was not run.");
            }

            return resumed;
        }

        var scheduled = context.ScheduledFireTimeUtc;
        var late = ticket.Missed || (scheduled is { } at && context.FireTimeUtc - at > options.Value.MisfireThreshold);
        var trigger = ticket.Trigger ?? (late ? "misfire" : "schedule");
        Log.TriggerFired(
            logger,
            scheduled?.ToString("u", CultureInfo.InvariantCulture) ?? "-",
            context.FireTimeUtc.ToString("u", CultureInfo.InvariantCulture),
            late ? ", a misfire: running once for the missed nights" : "");
        var (chain, busy) = await ledger.StartAsync(
            store, ticket with { Trigger = trigger }, ticket.Trigger is null ? scheduled : null, node, context.Recovering, cancellationToken);
        if (busy is not null)
        {
            var message = await ledger.RecordBusyAsync(store, ticket with { Trigger = trigger }, node, busy, cancellationToken);
            waiters.Complete(ticket.WaiterId, ChainStatus.Locked, null, message);
        }

        return chain;
    }

    private async Task EndStageAsync(
        IJobExecutionContext context,
        JobRunStore store,
        ChainRun chain,
        IReadOnlyList<INightlyStage> order,
        int index,
        StageResult result,
        ChainTicket ticket,
        string node,
        CancellationToken cancellationToken)
    {
        var names = order.Select(x => x.Name).ToList();
        var stage = order[index].Name;
        switch (result.Status)
        {
            case "succeeded" or "skipped" when index + 1 == order.Count:
                await ledger.FinishAsync(store, chain, names, "succeeded", null, null);
                waiters.Complete(ticket.WaiterId, ChainStatus.Succeeded, null, null);
                context.Result = ChainStatus.Succeeded.ToString();
                break;
            case "succeeded" or "skipped" when cancellationToken.IsCancellationRequested:
                var stopped = $"Stopped after stage '{stage}': the scheduler is shutting down. The next run starts from the missing data.";
                await ledger.FinishAsync(store, chain, names, "cancelled", null, stopped);
                waiters.Complete(ticket.WaiterId, ChainStatus.Cancelled, null, stopped);
                break;
            case "succeeded" or "skipped":
                // The lease covers the gap until the next stage's job takes the chain on (maybe on another host).
                await ledger.RenewAsync(store, chain.JobRunId, node, CancellationToken.None);
                context.Result = new StageHandOff(chain.JobRunId, stage, NightlyJobs.StageJobKey(order[index + 1].Name), ticket.ForNextStage(chain.JobRunId), ticket.WaiterId);
                break;
            case "cancelled":
                var cancelled = $"Cancelled during stage '{stage}'.";
                await ledger.FinishAsync(store, chain, names, "cancelled", null, cancelled);
                waiters.Complete(ticket.WaiterId, ChainStatus.Cancelled, null, cancelled);
                break;
            default:
                var error = JobsException.StageFailed(stage, result.Attempts, result.Error ?? "").Message;
                await ledger.FinishAsync(store, chain, names, "failed", stage, error);
                waiters.Complete(ticket.WaiterId, ChainStatus.Failed, stage, error);
                // Recorded in sf.job_runs already; failing the fire makes it visible to Quartz's listeners and history too.
                throw new JobExecutionException(error);
        }
    }

    // A chain's first stage takes the lock or reports who has it. A later stage is owed the lock (its chain's lease keeps
    // new chains out), but a fire that is about to be refused holds it for the milliseconds of reading that lease: wait
    // for it, up to half a lease (the lease was renewed at the hand-off), before calling the chain lost.
    private async Task<AdvisoryLock?> LockAsync(JobRunStore store, ChainTicket ticket, string holderName, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var patience = TimeSpan.FromTicks(Math.Min(settings.ChainLease.Ticks / 2, TimeSpan.FromSeconds(30).Ticks));
        var giveUpAt = timeProvider.GetUtcNow() + patience;
        while (true)
        {
            var taken = await store.TryLockAsync(settings.LockKey, cancellationToken, holderName);
            if (taken is not null || ticket.ChainRunId is null || timeProvider.GetUtcNow() >= giveUpAt)
            {
                return taken;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), timeProvider, cancellationToken);
        }
    }

    // Another session holds the advisory lock: a stage of some chain is running right now.
    private async Task LockedAsync(JobRunStore store, ChainTicket ticket, string stage, string node, CancellationToken cancellationToken)
    {
        var holder = await store.LockHolderAsync(options.Value.LockKey, cancellationToken);
        var who = holder is null
            ? "holder already gone"
            : $"{(string.IsNullOrEmpty(holder.ApplicationName) ? "" : holder.ApplicationName + ", ")}server pid {holder.Pid}, client {holder.ClientAddress ?? "local"}";
        if (ticket.ChainRunId is not { } chainRunId)
        {
            var message = await ledger.RecordBusyAsync(store, ticket with { Trigger = ticket.Trigger ?? "schedule" }, node, who, cancellationToken);
            waiters.Complete(ticket.WaiterId, ChainStatus.Locked, null, message);
            return;
        }

        // This chain's own next stage, yet someone else runs a stage: a chain that superseded this one after its lease ran out.
        var error = $"Stage '{stage}' could not start: {JobsException.Locked(options.Value.LockKey, who).Message}";
        if (await store.ChainAsync(chainRunId, cancellationToken) is { Status: "running" } chain)
        {
            await ledger.FinishAsync(store, chain, [.. stages.Select(x => x.Name)], "failed", stage, error);
        }

        waiters.Complete(ticket.WaiterId, ChainStatus.Failed, stage, error);
    }
}
