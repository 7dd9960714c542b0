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
        builder.Services.TryAddSingleton<StageAttempts>();
        builder.Services.TryAddSingleton<ChainLedger>();
        builder.Services.TryAddSingleton<ChainWaiters>();
        return builder;
    }

    /// <summary>
    /// Adds the Quartz scheduler that runs the nightly chain, one Quartz job per stage chained by
    /// <see cref="StageChainListener"/>, fired on Jobs:Cron in Jobs:TimeZone, as a hosted service that waits for the
    /// running stage on shutdown (and cancels it, so it stops at its next clean point). With Jobs:Clustered the
    /// schedule lives in the database named by <paramref name="connectionString"/> (tables of migration 050), shared by
    /// every host with the same Jobs:SchedulerName. Bad Jobs settings throw here, naming the key.
    /// </summary>
    public static IHostApplicationBuilder AddNightlyScheduler(this IHostApplicationBuilder builder, string connectionString, string? instanceId = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = ValidatedOptions(builder);
        // Clustered, Quartz gives each host a unique id; alone, the default would be the uninformative NON_CLUSTERED.
        var instance = instanceId ?? (options.Clustered ? null : $"{Environment.MachineName}:{Environment.ProcessId}");
        AddStageScheduler(builder, options, options.SchedulerName, instance, options.Clustered ? connectionString : null);
        builder.Services.AddSingleton(new NightlyScheduleMode(RunOnce: false));
        return builder;
    }

    /// <summary>
    /// Adds a private in-memory scheduler with the same stage jobs and chaining but no trigger, and
    /// <see cref="NightlyRunner"/>, which runs the chain once through it (`sf run nightly`).
    /// </summary>
    public static IHostApplicationBuilder AddNightlyRunner(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = ValidatedOptions(builder);
        // Its own name: schedulers are registered process-wide by name, and this one must never join a cluster.
        AddStageScheduler(builder, options, $"{options.SchedulerName}-run-{Guid.NewGuid():N}", $"cli@{Environment.MachineName}:{Environment.ProcessId}", connectionString: null);
        builder.Services.AddSingleton(new NightlyScheduleMode(RunOnce: true));
        builder.Services.TryAddSingleton<NightlyRunner>();
        return builder;
    }

    private static JobsOptions ValidatedOptions(IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var validation = new JobsOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(JobsOptions.Section, typeof(JobsOptions), validation.Failures);
        }

        return options;
    }

    // connectionString: the clustered store's database, or null for the in-memory store.
    private static void AddStageScheduler(IHostApplicationBuilder builder, JobsOptions options, string schedulerName, string? instanceId, string? connectionString)
    {
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromMinutes(2));
        builder.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = schedulerName;
                s.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs;
                s.IdleWaitTime = options.IdleWaitTime;
                if (instanceId is not null)
                {
                    s.InstanceId = instanceId;
                }
            });
            q.AddJobListener<StageChainListener>(GroupMatcher<JobKey>.GroupEquals(NightlyJobs.StageGroup));
            if (connectionString is not null)
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
        // After the scheduler's own hosted service: the jobs, the trigger and a catch-up go into a started scheduler.
        builder.Services.AddHostedService<NightlyScheduleSetup>();
    }

    /// <summary>The nightly trigger's description.</summary>
    internal static string TriggerDescription(JobsOptions options) => $"nightly chain: '{options.Cron}' in {options.TimeZone}";
}
