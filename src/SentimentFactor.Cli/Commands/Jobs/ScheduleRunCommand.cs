using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Jobs;
using SentimentFactor.Jobs.Scheduling;
using SentimentFactor.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Jobs;

/// <summary>
/// `sf schedule run`: hosts the Quartz scheduler in the foreground until Ctrl+C or SIGTERM; the chain running at
/// that moment stops at its next clean point and the host exits.
/// </summary>
internal sealed class ScheduleRunCommand(SfDatabase database, IOptions<JobsOptions> options, IAnsiConsole console) : AsyncCommand<SfSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SfSettings settings, CancellationToken cancellationToken)
    {
        // Start (managed cluster) and migrate once here, so the scheduler's store finds its tables.
        await database.OpenAsync(cancellationToken);
        var target = await database.ResolveAsync(cancellationToken);
        var builder = SfHost.CreateBuilder(RepositoryRoot.Locate(), settings.Verbose, console);
        builder.AddNightlyScheduler(target.Connection.ConnectionString);
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
        var trigger = await scheduler.GetTrigger(NightlyChainJob.TriggerKey, cancellationToken);
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
