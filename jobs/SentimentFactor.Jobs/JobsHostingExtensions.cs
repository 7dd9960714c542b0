using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;
using SentimentFactor.Jobs.Chain;
using SentimentFactor.Jobs.Scheduling;
using SentimentFactor.Jobs.Stages;

namespace SentimentFactor.Jobs;

/// <summary>The one wiring entry point of SentimentFactor.Jobs (options from section "Jobs", Quartz).</summary>
public static class JobsHostingExtensions
{
    /// <summary>Registers the nightly chain's options (validated at start), its stages in order, and the chain.</summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>());
        builder.Services.TryAddSingleton(TimeProvider.System);

        // The chain's order is the registration order.
        builder.Services.AddSingleton<INightlyStage, IngestStage>();
        builder.Services.AddSingleton<INightlyStage, ScoreStage>();
        builder.Services.AddSingleton<INightlyStage, AggregateStage>();
        builder.Services.AddSingleton<INightlyStage, RegressStage>();
        builder.Services.TryAddSingleton<NightlyChain>();
        return builder;
    }

    /// <summary>
    /// Adds the Quartz scheduler that fires the nightly chain on Jobs:Cron in Jobs:TimeZone, as a hosted service that
    /// waits for the running chain on shutdown (and cancels it, so it stops at its next clean point). With
    /// Jobs:Clustered the schedule lives in the database named by <paramref name="connectionString"/> (tables of
    /// migration 050), shared by every host with the same Jobs:SchedulerName. Bad Jobs settings throw here, naming the key.
    /// </summary>
    public static IHostApplicationBuilder AddNightlyScheduler(this IHostApplicationBuilder builder, string connectionString, string? instanceId = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var validation = new JobsOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(JobsOptions.Section, typeof(JobsOptions), validation.Failures);
        }

        var timeZone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromMinutes(2));
        builder.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = options.SchedulerName;
                s.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs;
                s.IdleWaitTime = options.IdleWaitTime;
                if (instanceId is not null)
                {
                    s.InstanceId = instanceId;
                }
            });
            q.ConfigureOptions<QuartzOptions>(o =>
            {
                if (options.Clustered)
                {
                    // The stored trigger wins (NightlyTriggerSync applies a changed cron): its history survives restarts,
                    // so nights missed while every host was down are one misfire, and a host joining the cluster
                    // cannot replace the trigger under a fire in flight.
                    o.Scheduling.IgnoreDuplicates = true;
                }
            });
            q.AddJob<NightlyChainJob>(j => j.WithIdentity(NightlyChainJob.Key).StoreDurably().DisallowConcurrentExecution());
            q.AddTrigger(t => t
                .ForJob(NightlyChainJob.Key)
                .WithIdentity(NightlyChainJob.TriggerKey)
                .WithDescription(TriggerDescription(options))
                .WithMisfireThreshold(options.MisfireThreshold)
                .WithCronSchedule(options.Cron, c => c.InTimeZone(timeZone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            if (options.Clustered)
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(connectionString);
                    store.UseClustering(c => c.CheckinInterval = options.ClusterCheckinInterval);
                    store.ConfigureStore(s =>
                    {
                        s.TablePrefix = options.TablePrefix;
                        s.MisfireThreshold = options.MisfireThreshold;
                        s.SchemaProvisioning = SchemaProvisioning.Validate;
                    });
                });
            }
            else
            {
                q.UseInMemoryStore(s => s.MisfireThreshold = options.MisfireThreshold);
            }
        });
        builder.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        if (options.Clustered)
        {
            builder.Services.AddHostedService<NightlyTriggerSync>();
        }
        else
        {
            builder.Services.AddHostedService<MissedNightCatchUp>();
        }

        return builder;
    }

    /// <summary>The nightly trigger's description.</summary>
    internal static string TriggerDescription(JobsOptions options) => $"nightly chain: '{options.Cron}' in {options.TimeZone}";
}
