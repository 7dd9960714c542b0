using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentFactor.Storage.Jobs;

namespace SentimentFactor.Jobs.Chain;

/// <summary>
/// The chain run's row in sf.job_runs and its lease. A stage job holds the advisory lock while it runs; between two
/// stages nothing holds it, so a chain in flight is a 'running' chain row with a lease in the future: a new chain
/// starts only when no such row exists. A chain whose lease ran out lost its host: a clustered host recovering its
/// stage resumes it, otherwise the next chain marks it failed and catches up its data.
/// </summary>
public sealed class ChainLedger(IOptions<JobsOptions> options, TimeProvider timeProvider, ILogger<ChainLedger> logger)
{
    /// <summary>
    /// Starts a chain run (the caller holds the advisory lock). When <paramref name="recovering"/> (Quartz re-runs the
    /// first stage of a host that died), the newest running chain is resumed instead. Returns the chain, or the reason
    /// another chain keeps this one from starting.
    /// </summary>
    public async Task<(ChainRun? Chain, string? Busy)> StartAsync(
        JobRunStore store, ChainTicket ticket, DateTimeOffset? scheduledAt, string node, bool recovering, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(ticket);
        var now = timeProvider.GetUtcNow();
        var running = await store.RunningChainsAsync(NightlyJobs.ChainJob, cancellationToken);
        if (recovering && running.Count > 0)
        {
            return (await ResumeAsync(store, running[0].JobRunId, node, recovering: true, cancellationToken), null);
        }

        foreach (var chain in running)
        {
            if (chain.HeldUntil is { } until && until > now)
            {
                return (null, $"chain run {chain.JobRunId} on {chain.Node ?? "?"}, between stages, lease until {until.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}");
            }

            var why = $"Abandoned: its host ({chain.Node ?? "?"}) stopped and its lease ran out at {(chain.HeldUntil ?? chain.StartedAt).UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}; the next chain catches up its data.";
            await store.FailRunningAttemptsAsync(chain.JobRunId, now, why, cancellationToken);
            await store.FinishAsync(chain.JobRunId, now, "failed", chain.Counts, why);
            Log.ChainAbandoned(logger, chain.JobRunId, chain.Node ?? "?");
        }

        var counts = new JsonObject { ["trigger"] = ticket.Trigger ?? "schedule", ["day"] = ticket.Day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        if (scheduledAt is { } at)
        {
            counts["scheduled_at"] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        }

        // The node column follows the chain (a host that takes it over writes its name); this keeps where it began.
        counts["started_on"] = node;
        var countsJson = counts.ToJsonString();
        var heldUntil = now + options.Value.ChainLease;
        var id = await store.StartAsync(NightlyJobs.ChainJob, now, countsJson, cancellationToken, node: node, heldUntil: heldUntil);
        Log.ChainStarted(logger, id, ticket.Trigger ?? "schedule", ticket.Day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "latest", node);
        return (new ChainRun(id, now, node, heldUntil, countsJson, "running"), null);
    }

    /// <summary>
    /// Takes chain run <paramref name="chainRunId"/> on for its next stage (or, <paramref name="recovering"/>, for the
    /// stage a dead host left: its attempts still marked running are failed). Null when the chain is over (superseded).
    /// </summary>
    public async Task<ChainRun?> ResumeAsync(JobRunStore store, long chainRunId, string node, bool recovering, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        // Read before renewing: the renewal writes this host's name over the one that held the chain.
        var deadHost = recovering ? (await store.ChainAsync(chainRunId, cancellationToken))?.Node : null;
        var chain = await RenewAsync(store, chainRunId, node, cancellationToken);
        if (chain is not null && recovering)
        {
            var failed = await store.FailRunningAttemptsAsync(
                chainRunId, timeProvider.GetUtcNow(), $"Its host ({deadHost ?? "?"}) stopped during this attempt; {node} took the chain over.", cancellationToken);
            Log.ChainRecovered(logger, chainRunId, node, failed);
        }

        return chain;
    }

    /// <summary>Moves the lease of a running chain a full <see cref="JobsOptions.ChainLease"/> ahead; null when the chain is over.</summary>
    public Task<ChainRun?> RenewAsync(JobRunStore store, long chainRunId, string node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.RenewAsync(chainRunId, node, timeProvider.GetUtcNow() + options.Value.ChainLease, cancellationToken);
    }

    /// <summary>Renews the lease every third of it until disposed (a stage that runs for hours keeps its chain).</summary>
    public IAsyncDisposable KeepAlive(JobRunStore store, long chainRunId, string node)
    {
        var stop = new CancellationTokenSource();
        var period = options.Value.ChainLease / 3;
        var loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(period, timeProvider);
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                try
                {
                    await RenewAsync(store, chainRunId, node, stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A missed renewal is not fatal: the lease is three periods long and the next tick tries again.
                    Log.LeaseRenewFailed(logger, chainRunId, ex.Message);
                }
            }
        });
        return new KeepAliveHandle(stop, loop);
    }

    /// <summary>Ends chain run <paramref name="chain"/> with <paramref name="status"/>; its counts get each stage's last status ("ingest:succeeded"), in chain order.</summary>
    public async Task FinishAsync(
        JobRunStore store, ChainRun chain, IReadOnlyList<string> stageOrder, string status, string? failedStage, string? error)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(stageOrder);
        var counts = JsonNode.Parse(chain.Counts) as JsonObject ?? [];
        var last = await store.ChainStagesAsync(chain.JobRunId, CancellationToken.None);
        // An array, not an object: jsonb reorders object keys, and the chain's order is the point.
        var stages = new JsonArray();
        foreach (var stage in stageOrder)
        {
            if (last.TryGetValue(NightlyJobs.StageJob(stage), out var stageStatus))
            {
                stages.Add($"{stage}:{stageStatus}");
            }
        }

        counts["stages"] = stages;
        if (failedStage is not null)
        {
            counts["failed_stage"] = failedStage;
        }

        await store.FinishAsync(chain.JobRunId, timeProvider.GetUtcNow(), status, counts.ToJsonString(), error);
        Log.ChainFinished(logger, chain.JobRunId, status, (long)(timeProvider.GetUtcNow() - chain.StartedAt).TotalMilliseconds);
    }

    /// <summary>Records a chain that did not start because <paramref name="holder"/> runs: a 'skipped' chain row naming it.</summary>
    public async Task<string> RecordBusyAsync(JobRunStore store, ChainTicket ticket, string node, string holder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(ticket);
        var message = JobsException.Locked(options.Value.LockKey, holder).Message;
        Log.ChainLocked(logger, options.Value.LockKey, holder);
        var counts = new JsonObject
        {
            ["trigger"] = ticket.Trigger ?? "schedule",
            ["day"] = ticket.Day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["locked"] = true,
        }.ToJsonString();
        var now = timeProvider.GetUtcNow();
        var id = await store.StartAsync(NightlyJobs.ChainJob, now, counts, cancellationToken, node: node);
        await store.FinishAsync(id, now, "skipped", counts, message);
        return message;
    }

    private sealed class KeepAliveHandle(CancellationTokenSource stop, Task loop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            try
            {
                await loop;
            }
            catch (OperationCanceledException)
            {
                // Stopped, as asked.
            }

            stop.Dispose();
        }
    }
}
