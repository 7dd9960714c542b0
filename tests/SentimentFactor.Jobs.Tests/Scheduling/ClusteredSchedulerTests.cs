using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
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
        using var a = Host(settings, clock, stageA, "node-a");
        using var b = Host(settings, clock, stageB, "node-b");
        await a.StartAsync();
        await b.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(8));
        await a.StopAsync();
        var runsOfA = stageA.Runs;
        await Task.Delay(TimeSpan.FromSeconds(6));
        await b.StopAsync();

        await using var connection = await database.DataSource.OpenConnectionAsync();
        var fires = (await connection.QueryAsync<(string ScheduledAt, string Node, string Status)>(
            "SELECT counts->>'scheduled_at', counts->>'node', status FROM sf.job_runs WHERE job = 'nightly' AND counts ? 'scheduled_at'")).ToList();
        Assert.True(fires.Count >= 5, $"expected a fire every 2 s, got {fires.Count}");
        Assert.Equal(fires.Count, fires.Select(f => f.ScheduledAt).Distinct().Count());
        Assert.All(fires, f => Assert.Equal("succeeded", f.Status));
        var all = string.Join("; ", (await connection.QueryAsync<string>("SELECT job || ' ' || status || ' ' || counts::text FROM sf.job_runs ORDER BY job_run_id")));
        Assert.True(fires.Count == stageA.Runs + stageB.Runs, $"A={stageA.Runs} B={stageB.Runs}: {all}");
        Assert.Equal(runsOfA, stageA.Runs);
        // After node-a stopped, node-b kept firing the shared trigger.
        Assert.Contains(fires, f => f.Node == "node-b");
    }

    private IHost Host(Dictionary<string, string?> settings, TimeProvider clock, INightlyStage stage, string instanceId)
    {
        var builder = JobsTestHost.CreateBuilder(database.ConnectionString, settings, clock);
        builder.Services.RemoveAll<INightlyStage>();
        builder.Services.AddSingleton(stage);
        builder.AddNightlyScheduler(database.ConnectionString, instanceId);
        return builder.Build();
    }
}
