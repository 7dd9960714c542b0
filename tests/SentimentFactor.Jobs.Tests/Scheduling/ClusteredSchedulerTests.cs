using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Quartz;
using SentimentFactor.Jobs.Chain;
using SentimentFactor.Testing;

namespace SentimentFactor.Jobs.Tests.Scheduling;

public sealed class ClusteredSchedulerTests(PostgresFixture database) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Two_clustered_schedulers_share_one_trigger_and_each_fire_runs_once()
    {
        var clock = new ShiftedClock(DateTimeOffset.UtcNow);
        var settings = new Dictionary<string, string?>
        {
            ["Jobs:Cron"] = "0/2 * * * * ?",
            ["Jobs:Clustered"] = "true",
            ["Jobs:SchedulerName"] = "cluster-test",
            ["Jobs:ClusterCheckinInterval"] = "00:00:01",
            ["Jobs:IdleWaitTime"] = "00:00:01",
        };
        var stageA = new TestStage("count");
        var stageB = new TestStage("count");
        var thenA = new TestStage("then");
        var thenB = new TestStage("then");
        using var a = Host(settings, clock, "node-a", stageA, thenA);
        using var b = Host(settings, clock, "node-b", stageB, thenB);
        // Both hosts boot at once, as after a power cut: both find no trigger stored, one stores it.
        await Task.WhenAll(a.StartAsync(), b.StartAsync());
        await Task.Delay(TimeSpan.FromSeconds(8));
        await a.StopAsync();
        var runsOfA = stageA.Runs;
        var thenRunsOfA = thenA.Runs;
        await Task.Delay(TimeSpan.FromSeconds(6));
        // Stopping a host mid-chain rightly leaves that chain running (or cancelled) for a later host to take on;
        // this test is about whole chains, so it stops the cron first and lets the chain in flight finish.
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var schedulerOfB = await b.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await schedulerOfB.PauseTrigger(NightlyJobs.CronTriggerKey);
        Assert.True(
            await Poll.UntilAsync(async () => await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sf.job_runs WHERE status = 'running'") == 0, TimeSpan.FromSeconds(30)),
            "a chain was still running 30 s after the cron was paused");
        await b.StopAsync();

        var fires = (await connection.QueryAsync<(string ScheduledAt, string Node, string Status)>(
            "SELECT counts->>'scheduled_at', counts->>'started_on', status FROM sf.job_runs WHERE job = 'nightly' AND counts ? 'scheduled_at'")).ToList();
        Assert.True(fires.Count >= 5, $"expected a fire every 2 s, got {fires.Count}");
        Assert.Equal(fires.Count, fires.Select(f => f.ScheduledAt).Distinct().Count());
        Assert.All(fires, f => Assert.Equal("succeeded", f.Status));
        var all = string.Join("; ", (await connection.QueryAsync<string>("SELECT job || ' ' || status || ' ' || counts::text FROM sf.job_runs ORDER BY job_run_id")));
        Assert.True(fires.Count == stageA.Runs + stageB.Runs, $"A={stageA.Runs} B={stageB.Runs}: {all}");
        Assert.Equal(runsOfA, stageA.Runs);
        Assert.Equal(thenRunsOfA, thenA.Runs);
        // Each chain's second stage is its own Quartz job, fired through the shared store once per chain, on either host.
        Assert.Equal(fires.Count, thenA.Runs + thenB.Runs);
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM sf.job_runs c WHERE c.job = 'nightly' AND c.counts ? 'scheduled_at' AND (SELECT count(*) FROM sf.job_runs s WHERE s.chain_run_id = c.job_run_id AND s.status = 'succeeded') <> 2"));
        // After node-a stopped, node-b kept firing the shared trigger.
        Assert.Contains(fires, f => f.Node == "node-b");
    }

    private IHost Host(Dictionary<string, string?> settings, TimeProvider clock, string instanceId, params INightlyStage[] stages)
    {
        var builder = JobsTestHost.CreateBuilder(database.ConnectionString, settings, clock).WithStages(stages);
        builder.AddNightlyScheduler(database.ConnectionString, instanceId);
        return builder.Build();
    }
}
