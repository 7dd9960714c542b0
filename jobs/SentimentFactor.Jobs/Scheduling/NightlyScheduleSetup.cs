using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using SentimentFactor.Jobs.Chain;
using SentimentFactor.Storage;
using SentimentFactor.Storage.Jobs;

namespace SentimentFactor.Jobs.Scheduling;

/// <summary>
/// Puts the chain into the scheduler when the host starts: one durable, recoverable job per stage (a clustered host
/// that dies mid-stage has that stage re-run by another), and, unless the host only runs the chain once, the cron
/// trigger on the first stage's job. Clustered, the stored trigger is kept when Jobs:Cron and Jobs:TimeZone did not
/// change (its misfire state and last fire survive restarts, and a host joining cannot reset a fire in flight).
/// The in-memory store forgets its trigger with the process, so it cannot see nights missed while the machine was off:
/// they are read from sf.job_runs instead, and the chain runs once, now (never once per missed night).
/// </summary>
internal sealed class NightlyScheduleSetup(
    ISchedulerFactory schedulers,
    IEnumerable<INightlyStage> stages,
    SfDatabase database,
    IOptions<JobsOptions> options,
    NightlyScheduleMode mode,
    TimeProvider timeProvider,
    ILogger<NightlyScheduleSetup> logger) : IHostedService
{
    // The single job of the chain before it was split into one job per stage; a stored copy would name a missing class.
    private static readonly JobKey FormerChainJob = new("nightly-chain", "sentimentfactor");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var names = stages.Select(s => s.Name).ToList();
        if (names.Count == 0)
        {
            throw new InvalidOperationException("The nightly chain has no stages registered.");
        }

        await scheduler.DeleteJob(FormerChainJob, cancellationToken);
        foreach (var name in names)
        {
            var job = JobBuilder.Create<NightlyStageJob>()
                .WithIdentity(NightlyJobs.StageJobKey(name))
                .WithDescription($"nightly chain stage '{name}'")
                .UsingJobData(NightlyStageJob.StageKey, name)
                .StoreDurably()
                .RequestRecovery()
                .Build();
            await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);
        }

        if (mode.RunOnce)
        {
            return;
        }

        await SyncTriggerAsync(scheduler, NightlyJobs.StageJobKey(names[0]), cancellationToken);
        if (!options.Value.Clustered)
        {
            await CatchUpMissedNightAsync(scheduler, NightlyJobs.StageJobKey(names[0]), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SyncTriggerAsync(IScheduler scheduler, JobKey first, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var stored = await scheduler.GetTrigger(NightlyJobs.CronTriggerKey, cancellationToken) as ICronTrigger;
        if (stored is not null && stored.CronExpressionString == settings.Cron && stored.TimeZone.Id == settings.TimeZone && stored.JobKey.Equals(first))
        {
            return;
        }

        var trigger = TriggerBuilder.Create(timeProvider)
            .WithIdentity(NightlyJobs.CronTriggerKey)
            .ForJob(first)
            .WithDescription(JobsHostingExtensions.TriggerDescription(settings))
            .WithMisfireThreshold(settings.MisfireThreshold)
            .WithCronSchedule(settings.Cron, c => c.InTimeZone(TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone)).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        if (stored is null)
        {
            try
            {
                await scheduler.ScheduleJob(trigger, new ScheduleJobOptions(), cancellationToken);
            }
            catch (ObjectAlreadyExistsException)
            {
                // Another clustered host starting at the same moment stored it first: one trigger is what we want.
            }
        }
        else
        {
            await scheduler.RescheduleJob(NightlyJobs.CronTriggerKey, trigger, cancellationToken);
            Log.TriggerRescheduled(logger, stored.CronExpressionString ?? "none", settings.Cron, settings.TimeZone);
        }
    }

    // A database that never ran the chain has missed nothing.
    private async Task CatchUpMissedNightAsync(IScheduler scheduler, JobKey first, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var dataSource = await database.OpenAsync(cancellationToken);
        var latest = await new JobRunStore(dataSource).LatestAsync(NightlyJobs.ChainJob, 1, cancellationToken);
        if (latest.Count == 0)
        {
            return;
        }

        var last = latest[0];
        var cron = new CronExpression(settings.Cron, TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone));
        if (cron.GetNextValidTimeAfter(last.StartedAt) is not { } due || due >= timeProvider.GetUtcNow() - settings.MisfireThreshold)
        {
            return;
        }

        Log.MissedNight(logger, due, last.StartedAt);
        var ticket = new ChainTicket(null, null, null, null, Missed: true);
        var data = ticket.ForStart();
        data["missed_at"] = due.ToString("O", CultureInfo.InvariantCulture);
        await scheduler.TriggerJob(first, data, cancellationToken);
    }
}

/// <summary>Whether the scheduler only runs the chain when asked (`sf run nightly`) or also on its cron trigger.</summary>
/// <param name="RunOnce">True for `sf run nightly`: no cron trigger, no catch-up.</param>
internal sealed record NightlyScheduleMode(bool RunOnce);
