using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace SentimentFactor.Jobs.Scheduling;

/// <summary>
/// Clustered mode keeps the nightly trigger that is already stored (its misfire state and last fire survive restarts,
/// and a host joining the cluster cannot reset a fire in flight); this brings the stored trigger in line with
/// Jobs:Cron and Jobs:TimeZone when they changed since it was stored.
/// </summary>
internal sealed class NightlyTriggerSync(ISchedulerFactory schedulers, IOptions<JobsOptions> options, TimeProvider timeProvider, ILogger<NightlyTriggerSync> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var stored = await scheduler.GetTrigger(NightlyChainJob.TriggerKey, cancellationToken) as ICronTrigger;
        if (stored is not null && stored.CronExpressionString == settings.Cron && stored.TimeZone.Id == settings.TimeZone)
        {
            return;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone);
        var trigger = TriggerBuilder.Create(timeProvider)
            .WithIdentity(NightlyChainJob.TriggerKey)
            .ForJob(NightlyChainJob.Key)
            .WithDescription(JobsHostingExtensions.TriggerDescription(settings))
            .WithMisfireThreshold(settings.MisfireThreshold)
            .WithCronSchedule(settings.Cron, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        await scheduler.RescheduleJob(NightlyChainJob.TriggerKey, trigger, cancellationToken);
        Log.TriggerRescheduled(logger, stored?.CronExpressionString ?? "none", settings.Cron, settings.TimeZone);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
