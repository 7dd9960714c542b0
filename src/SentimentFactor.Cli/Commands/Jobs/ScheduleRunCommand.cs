using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Jobs;
using SentimentFactor.Jobs.Chain;
using SentimentFactor.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Jobs;

/// <summary>
/// `sf schedule run`: hosts the Quartz scheduler (one job per chain stage) in the foreground until Ctrl+C or
/// SIGTERM; the stage running at that moment stops at its next clean point, its chain ends 'cancelled', and the host exits.
/// </summary>
internal sealed class ScheduleRunCommand(SfDatabase database, IConfiguration configuration, IOptions<JobsOptions> options, IAnsiConsole console) : AsyncCommand<SfSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SfSettings settings, CancellationToken cancellationToken)
    {
        // Start (managed cluster) and migrate once here, so the scheduler's store finds its tables.
        await database.OpenAsync(cancellationToken);
        var target = await database.ResolveAsync(cancellationToken);
        var builder = SfHost.CreateNestedBuilder(configuration, settings.Verbose, console);
        builder.AddNightlyScheduler(target.Connection.ConnectionString);
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
        var trigger = await scheduler.GetTrigger(NightlyJobs.CronTriggerKey, cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        var next = trigger?.NextFireTimeUtc is { } n ? TimeZoneInfo.ConvertTime(n, zone).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture) : "never";
        console.Profile.Out.Writer.WriteLine(
            $"schedule: cron='{options.Value.Cron}' tz={options.Value.TimeZone} next={next} store={(options.Value.Clustered ? "clustered " + options.Value.TablePrefix : "memory")} instance={await scheduler.GetSchedulerInstanceId(cancellationToken)}");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Profile.Out.Writer.WriteLine("schedule: stopping (waiting for the running stage to stop cleanly)");
        }

        await host.StopAsync(CancellationToken.None);
        console.Profile.Out.Writer.WriteLine("schedule: stopped");
        return 0;
    }
}
