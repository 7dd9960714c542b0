using Dapper;
using SentimentFactor.Scoring.Tests;
using SentimentFactor.Testing;
using SentimentFactor.Testing.Fakes;
using Xunit;

namespace SentimentFactor.EndToEnd.Tests;

/// <summary>Two `sf schedule run` processes in clustered mode on one database: one is killed mid-stage.</summary>
public sealed class ClusterTakeoverTests(PostgresFixture database) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task A_host_killed_mid_stage_has_its_chain_taken_over_and_finished_by_the_other_host()
    {
        await using var x = new FakeXApiServer(TimeProvider.System);
        x.AddTweet(7_000_001, DateTimeOffset.UtcNow.AddMinutes(-20), "$AAPL great quarter");
        x.AddTweet(7_000_002, DateTimeOffset.UtcNow.AddMinutes(-10), "$AAPL awful guidance");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        x.Enqueue(new FakeFault.Stall(release.Task));
        var environment = SchedulerEnvironment.For(database.ConnectionString, x, new Dictionary<string, string>
        {
            ["SF_Jobs__Clustered"] = "true",
            ["SF_Jobs__SchedulerName"] = "takeover-test",
            ["SF_Jobs__ClusterCheckinInterval"] = "00:00:01",
            ["SF_Jobs__ChainLease"] = "00:00:30",
            ["SF_Jobs__Regress"] = "false",
            ["SF_Scoring__ModelPath"] = TestModels.Tiny("tiny-takeover"),
            ["SF_Scoring__Device"] = "cpu",
        });
        await using var connection = await database.DataSource.OpenConnectionAsync();
        try
        {
            using var a = SfProcess.Start(environment, "schedule", "run");
            await a.WaitUntilAsync(() => x.Requests.Count > 0, TimeSpan.FromSeconds(90), "host A's ingest stage calling the X API");
            var chain = await connection.QuerySingleAsync<(long Id, string Node, string ScheduledAt)>(
                "SELECT job_run_id, node, counts->>'scheduled_at' FROM sf.job_runs WHERE job = 'nightly' AND status = 'running'");

            a.KillHard();
            await a.WaitForExitAsync(TimeSpan.FromSeconds(30));
            release.TrySetResult();
            using var b = SfProcess.Start(environment, "schedule", "run");
            await b.WaitUntilAsync(
                () => connection.ExecuteScalar<string>("SELECT status FROM sf.job_runs WHERE job_run_id = @Id", new { chain.Id }) != "running",
                TimeSpan.FromSeconds(120),
                $"chain run {chain.Id} of the killed host ending");
            b.Terminate();
            Assert.Equal(0, await b.WaitForExitAsync(TimeSpan.FromSeconds(60)));

            var ended = await connection.QuerySingleAsync<(string Status, string Node)>("SELECT status, node FROM sf.job_runs WHERE job_run_id = @Id", new { chain.Id });
            Assert.True(ended.Status == "succeeded", $"chain {chain.Id} ended {ended.Status}:\n{b.Output}");
            Assert.NotEqual(chain.Node, ended.Node);
            var attempts = (await connection.QueryAsync<(string Job, string Node, string Status, string? Error)>(
                "SELECT job, node, status, error FROM sf.job_runs WHERE chain_run_id = @Id ORDER BY job_run_id", new { chain.Id })).ToList();
            // The killed host's attempt is marked failed by the host that took over, which then ran the stage and the rest.
            Assert.Equal(("nightly.ingest", chain.Node, "failed"), (attempts[0].Job, attempts[0].Node, attempts[0].Status));
            Assert.Equal($"Its host ({chain.Node}) stopped during this attempt; {ended.Node} took the chain over.", attempts[0].Error);
            Assert.Equal(
                [("nightly.ingest", "succeeded"), ("nightly.score", "succeeded"), ("nightly.aggregate", "succeeded"), ("nightly.regress", "skipped")],
                attempts.Skip(1).Select(r => (r.Job, r.Status)));
            Assert.All(attempts.Skip(1), r => Assert.Equal(ended.Node, r.Node));
            Assert.Equal(2L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sf.post_scores"));
            // The killed host's fire ran once: no other chain claims its scheduled time.
            Assert.Equal(1L, await connection.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM sf.job_runs WHERE job = 'nightly' AND counts->>'scheduled_at' = @At", new { At = chain.ScheduledAt }));
        }
        finally
        {
            release.TrySetResult();
        }
    }
}
