using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;
using SentimentFactor.Jobs.Chain;
using SentimentFactor.Jobs.Scheduling;
using SentimentFactor.Testing;

namespace SentimentFactor.Jobs.Tests.Scheduling;

public sealed class NightlySchedulerTests(PostgresFixture database) : IClassFixture<PostgresFixture>
{
    // 2026-11-16 is a Monday; New York is on EST (UTC-5) all that week.
    private static readonly DateTimeOffset MondayMorning = new(2026, 11, 16, 11, 0, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task Nights_missed_while_the_scheduler_was_down_run_once_when_it_comes_back()
    {
        var clock = new ShiftedClock(MondayMorning);
        var settings = new Dictionary<string, string?>
        {
            ["Jobs:Cron"] = "0 0 12 * * ?",
            ["Jobs:Clustered"] = "true",
            ["Jobs:SchedulerName"] = "misfire-test",
        };
        var stage = new TestStage("count");
        using (var host = Host(settings, clock, stage, "node-1"))
        {
            await host.StartAsync();
            var trigger = await TriggerAsync(host);
            Assert.Equal(new DateTimeOffset(2026, 11, 16, 17, 0, 0, TimeSpan.Zero), trigger.NextFireTimeUtc);
            await host.StopAsync();
        }

        // Down from Monday 11:00 to Friday 11:00: Monday to Thursday noon were missed.
        clock.TravelTo(MondayMorning.AddDays(4));
        using (var host = Host(settings, clock, stage, "node-1"))
        {
            await host.StartAsync();
            await Poll.UntilAsync(() => stage.Runs >= 1, TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(3));
            var trigger = await TriggerAsync(host);
            await host.StopAsync();

            Assert.Equal(1, stage.Runs);
            Assert.Equal(new DateTimeOffset(2026, 11, 20, 17, 0, 0, TimeSpan.Zero), trigger.NextFireTimeUtc);
        }

        await using var connection = await database.DataSource.OpenConnectionAsync();
        var runs = (await connection.QueryAsync<string>("SELECT counts->>'trigger' FROM sf.job_runs WHERE job = 'nightly'")).ToList();
        Assert.Equal(["misfire"], runs);
    }

    [Theory]
    [InlineData("Jobs:Cron", "0 30 25 * * ?", "Jobs:Cron is not a valid Quartz cron expression")]
    [InlineData("Jobs:TimeZone", "America/Nowhere", "Jobs:TimeZone must be an IANA time zone id")]
    [InlineData("Jobs:ChainLease", "00:00:01", "Jobs:ChainLease must be between 00:00:03 and 1.00:00:00")]
    public void Bad_cron_or_time_zone_fails_at_start_naming_the_key(string key, string value, string message)
    {
        var builder = JobsTestHost.CreateBuilder(database.ConnectionString, new Dictionary<string, string?> { [key] = value });

        var ex = Assert.Throws<OptionsValidationException>(() => builder.AddNightlyScheduler(database.ConnectionString));

        Assert.Contains(ex.Failures, f => f.StartsWith(message, StringComparison.Ordinal) && f.Contains(value, StringComparison.Ordinal));
    }

    [Fact]
    public void Shipped_settings_validate_and_default_to_2230_new_york_on_weekdays()
    {
        using var services = JobsTestHost.CreateBuilder(database.ConnectionString, new Dictionary<string, string?>()).Services.BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<JobsOptions>>().Value;

        Assert.Equal("0 30 22 ? * MON-FRI", options.Cron);
        Assert.Equal("America/New_York", options.TimeZone);
        Assert.Empty(options.XQueries);
        var cron = new CronExpression(options.Cron, TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone));
        // Friday 2026-03-06 after the close: fires 22:30 EST = 03:30Z; after the DST switch (Mon 03-09) 22:30 EDT = 02:30Z.
        Assert.Equal(new DateTimeOffset(2026, 3, 7, 3, 30, 0, TimeSpan.Zero), cron.GetNextValidTimeAfter(new DateTimeOffset(2026, 3, 6, 21, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 2, 30, 0, TimeSpan.Zero), cron.GetNextValidTimeAfter(new DateTimeOffset(2026, 3, 7, 4, 0, 0, TimeSpan.Zero)));
    }

    private IHost Host(Dictionary<string, string?> settings, TimeProvider clock, INightlyStage stage, string instanceId)
    {
        var builder = JobsTestHost.CreateBuilder(database.ConnectionString, settings, clock);
        builder.Services.RemoveAll<INightlyStage>();
        builder.Services.AddSingleton(stage);
        builder.AddNightlyScheduler(database.ConnectionString, instanceId);
        return builder.Build();
    }

    private static async Task<ITrigger> TriggerAsync(IHost host)
    {
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(CancellationToken.None);
        return await scheduler.GetTrigger(NightlyJobs.CronTriggerKey, CancellationToken.None) ?? throw new InvalidOperationException("no trigger");
    }
}
