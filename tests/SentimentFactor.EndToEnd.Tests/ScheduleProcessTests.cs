using Dapper;
using SentimentFactor.Testing;
using SentimentFactor.Testing.Fakes;
using Xunit;

namespace SentimentFactor.EndToEnd.Tests;

/// <summary>`sf schedule run` and `sf run nightly` as real processes: SIGTERM in the middle of a stage, two at once.</summary>
public sealed class ScheduleProcessTests(PostgresFixture database) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Sigterm_stops_the_running_stage_cleanly_records_it_and_the_host_exits_0()
    {
        await using var x = new FakeXApiServer(TimeProvider.System);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        x.Enqueue(new FakeFault.Stall(release.Task));
        try
        {
            using var host = SfProcess.Start(SchedulerEnvironment.For(database.ConnectionString, x), "schedule", "run");
            await host.WaitUntilAsync(() => x.Requests.Count > 0, TimeSpan.FromSeconds(90), "the ingest stage calling the X API");

            host.Terminate();
            var code = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.True(code == 0, $"exit {code}:\n{host.Output}");
            Assert.Contains("schedule: stopping (waiting for the running stage to stop cleanly)", host.Output, StringComparison.Ordinal);
            Assert.Contains("schedule: stopped", host.Output, StringComparison.Ordinal);
            await using var connection = await database.DataSource.OpenConnectionAsync();
            var chain = await connection.QuerySingleAsync<(long Id, string Status, string Error)>(
                "SELECT job_run_id, status, error FROM sf.job_runs WHERE job = 'nightly' AND counts->>'trigger' <> 'cli'");
            Assert.Equal("cancelled", chain.Status);
            Assert.Equal("Cancelled during stage 'ingest'.", chain.Error);
            Assert.Equal(
                [("nightly.ingest", "cancelled")],
                await connection.QueryAsync<(string, string)>("SELECT job, status FROM sf.job_runs WHERE chain_run_id = @Id", new { chain.Id }));
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task Two_sf_run_nightly_processes_at_once_one_runs_and_the_other_exits_1_naming_the_lock()
    {
        await using var x = new FakeXApiServer(TimeProvider.System);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        x.Enqueue(new FakeFault.Stall(release.Task));
        var environment = SchedulerEnvironment.For(database.ConnectionString, x, new Dictionary<string, string>
        {
            ["SF_Scoring__ModelPath"] = SentimentFactor.Scoring.Tests.TestModels.Tiny("tiny-two-runs"),
            ["SF_Scoring__Device"] = "cpu",
        });
        try
        {
            using var first = SfProcess.Start(environment, "run", "nightly");
            await first.WaitUntilAsync(() => x.Requests.Count > 0, TimeSpan.FromSeconds(90), "the first run's ingest stage calling the X API");

            using var second = SfProcess.Start(environment, "run", "nightly");
            var secondCode = await second.WaitForExitAsync(TimeSpan.FromSeconds(90));

            Assert.True(secondCode == 1, $"exit {secondCode}:\n{second.Output}");
            Assert.Contains("nightly: status=locked stages=-", second.Output, StringComparison.Ordinal);
            Assert.Contains("error: Another nightly chain is running (sf nightly ingest on cli@", second.Output, StringComparison.Ordinal);
            release.TrySetResult();
            var firstCode = await first.WaitForExitAsync(TimeSpan.FromSeconds(90));
            Assert.True(firstCode == 0, $"exit {firstCode}:\n{first.Output}");
            Assert.Contains("nightly: status=succeeded stages=ingest:succeeded,score:succeeded", first.Output, StringComparison.Ordinal);
        }
        finally
        {
            release.TrySetResult();
        }
    }
}
