using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using SentimentFactor.Jobs.Chain;
using SentimentFactor.Storage;
using SentimentFactor.Storage.Jobs;

namespace SentimentFactor.Jobs.Scheduling;

/// <summary>
/// The in-memory store (Jobs:Clustered = false) forgets its trigger when the process ends, so Quartz cannot see the
/// nights missed while the machine was off. This does it from sf.job_runs at start: when a scheduled fire fell between
/// the last chain run and now, the chain runs once, now (never once per missed night); the chain then catches up the
/// missed days' data itself. A database that never ran the chain has missed nothing.
/// </summary>
internal sealed class MissedNightCatchUp(
    ISchedulerFactory schedulers, SfDatabase database, IOptions<JobsOptions> options, TimeProvider timeProvider, ILogger<MissedNightCatchUp> logger) : IHostedService
{
    /// <summary>Job data key that marks a catch-up fire.</summary>
    public const string MissedKey = "missed";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var dataSource = await database.OpenAsync(cancellationToken);
        var latest = await new JobRunStore(dataSource).LatestAsync(NightlyChain.JobName, 1, cancellationToken);
        if (latest.Count == 0)
        {
            return;
        }

        var last = latest[0];
        var cron = new CronExpression(settings.Cron, TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone));
        var missed = cron.GetNextValidTimeAfter(last.StartedAt);
        if (missed is not { } due || due >= timeProvider.GetUtcNow() - settings.MisfireThreshold)
        {
            return;
        }

        Log.MissedNight(logger, due, last.StartedAt);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.TriggerJob(NightlyChainJob.Key, new JobDataMap { [MissedKey] = due.ToString("O", System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
