using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SentimentFactor.Jobs.Chain;
using SentimentFactor.Testing;

namespace SentimentFactor.Jobs.Tests.Scheduling;

public sealed class MissedNightCatchUpTests(PostgresFixture database) : IClassFixture<PostgresFixture>
{
    // Friday 2026-11-20 11:00 New York (EST, UTC-5); the last chain ran Monday 2026-11-16 at noon.
    private static readonly DateTimeOffset FridayMorning = new(2026, 11, 20, 11, 0, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task In_memory_scheduler_runs_the_chain_once_at_start_when_nights_were_missed()
    {
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                "INSERT INTO sf.job_runs (job, started_at, finished_at, status) VALUES ('nightly', '2026-11-16 17:00:01Z', '2026-11-16 17:05:00Z', 'succeeded')");
        }

        var stage = new TestStage("count");
        using var host = Host(new ShiftedClock(FridayMorning), stage);
        await host.StartAsync();
        await Poll.UntilAsync(() => stage.Runs > 0, TimeSpan.FromSeconds(30));

        await Task.Delay(TimeSpan.FromSeconds(2));
        await host.StopAsync();

        // Tuesday, Wednesday and Thursday noon were missed: one run, not three.
        Assert.Equal(1, stage.Runs);
        await using var check = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(["misfire"], await check.QueryAsync<string>("SELECT counts->>'trigger' FROM sf.job_runs WHERE job = 'nightly' AND counts ? 'trigger'"));
    }

    [Fact]
    public async Task A_database_that_never_ran_the_chain_has_missed_nothing()
    {
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("DELETE FROM sf.job_runs");
        }

        var stage = new TestStage("count");
        using var host = Host(new ShiftedClock(FridayMorning), stage);
        await host.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await host.StopAsync();

        Assert.Equal(0, stage.Runs);
    }

    private IHost Host(TimeProvider clock, INightlyStage stage)
    {
        var builder = JobsTestHost.CreateBuilder(database.ConnectionString, new Dictionary<string, string?> { ["Jobs:Cron"] = "0 0 12 * * ?" }, clock);
        builder.Services.RemoveAll<INightlyStage>();
        builder.Services.AddSingleton(stage);
        builder.AddNightlyScheduler(database.ConnectionString);
        return builder.Build();
    }
}
