using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using SentimentFactor.Jobs.Chain;
using SentimentFactor.Storage;

namespace SentimentFactor.Jobs.Scheduling;

/// <summary>
/// The Quartz job the nightly trigger fires: runs <see cref="NightlyChain"/> once. Quartz never runs two of it at once
/// in one scheduler or cluster ([DisallowConcurrentExecution]); the chain's advisory lock covers everything else
/// (`sf run nightly`, a second unclustered host). Shutdown cancels its token: the running stage stops cleanly.
/// </summary>
[DisallowConcurrentExecution]
public sealed class NightlyChainJob(NightlyChain chain, SfDatabase database, IOptions<JobsOptions> options, ILogger<NightlyChainJob> logger) : IJob
{
    /// <summary>The job's key in the scheduler.</summary>
    public static readonly JobKey Key = new("nightly-chain", "sentimentfactor");

    /// <summary>The cron trigger's key.</summary>
    public static readonly TriggerKey TriggerKey = new("nightly-cron", "sentimentfactor");

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var scheduled = context.ScheduledFireTimeUtc;
        var fired = context.FireTimeUtc;
        var late = (scheduled is { } s && fired - s > options.Value.MisfireThreshold) || context.MergedJobDataMap.ContainsKey(MissedNightCatchUp.MissedKey);
        Log.TriggerFired(logger, scheduled?.ToString("u", CultureInfo.InvariantCulture) ?? "-", fired.ToString("u", CultureInfo.InvariantCulture), late ? ", a misfire: running once for the missed nights" : "");
        var dataSource = await database.OpenAsync(cancellationToken);
        var result = await chain.RunAsync(dataSource, new NightlyRequest(late ? "misfire" : "schedule", null, scheduled, context.Scheduler.SchedulerInstanceId), cancellationToken);
        context.Result = result.Status.ToString();
        if (result.Status == ChainStatus.Failed)
        {
            // Recorded in sf.job_runs already; failing the fire makes it visible to Quartz's listeners and history too.
            throw new JobExecutionException(result.Error ?? "Nightly chain failed.");
        }
    }
}
