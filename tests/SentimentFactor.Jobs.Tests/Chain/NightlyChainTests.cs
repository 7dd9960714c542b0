using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Quartz;
using SentimentFactor.Jobs.Chain;
using SentimentFactor.Testing;

namespace SentimentFactor.Jobs.Tests.Chain;

public sealed class NightlyChainTests(PostgresFixture database) : IClassFixture<PostgresFixture>
{
    private static readonly Dictionary<string, string?> Fast = new()
    {
        ["Jobs:MaxAttempts"] = "3",
        ["Jobs:RetryBaseDelay"] = "00:00:00.020",
        ["Jobs:MaxRetryDelay"] = "00:00:00.050",
        ["Jobs:LockKey"] = "4242",
    };

    [Fact]
    public async Task Each_stage_is_its_own_quartz_job_and_the_next_one_fires_only_after_success()
    {
        var recorder = new ExecutionRecorder();
        var result = await RunWithRecorderAsync(recorder, new TestStage("first"), new TestStage("second"), new TestStage("third"));

        Assert.Equal(ChainStatus.Succeeded, result.Status);
        Assert.Equal(["first", "second", "third"], recorder.Jobs);
        Assert.Equal(3, recorder.FireInstances.Distinct().Count());

        var failing = new ExecutionRecorder();
        var never = new TestStage("never");
        var failed = await RunWithRecorderAsync(failing, new TestStage("first"), new TestStage("broken", failures: int.MaxValue), never);

        Assert.Equal(ChainStatus.Failed, failed.Status);
        Assert.Equal(["first", "broken"], failing.Jobs);
        Assert.Equal(0, never.Runs);
        // Every attempt names its chain run; the chain row lists its stages' last statuses in order.
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var chain = await connection.QuerySingleAsync<(long Id, string Stages)>(
            "SELECT job_run_id, counts->>'stages' FROM sf.job_runs WHERE job = 'nightly' AND counts->>'failed_stage' = 'broken'");
        Assert.Equal("""["first:succeeded", "broken:failed"]""", chain.Stages);
        Assert.Equal(4L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sf.job_runs WHERE chain_run_id = @Id", new { chain.Id }));
    }

    [Fact]
    public async Task Two_chains_at_once_one_runs_and_the_other_reports_the_lock()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new TestStage("slow") { Gate = gate };
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var before = await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(job_run_id), 0) FROM sf.job_runs");
        // Two hosts, two data sources: two processes as far as PostgreSQL can tell.
        var first = JobsTestHost.RunOnceAsync(Builder(slow));
        await slow.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var second = await JobsTestHost.RunOnceAsync(Builder(new TestStage("slow")));

        Assert.Equal(ChainStatus.Locked, second.Status);
        Assert.Empty(second.Stages);
        Assert.Contains("Another nightly chain is running", second.Error, StringComparison.Ordinal);
        gate.SetResult();
        Assert.Equal(ChainStatus.Succeeded, (await first).Status);
        Assert.Equal(1, slow.Runs);
        var rows = (await connection.QueryAsync<(string Status, string? Error)>(
            "SELECT status, error FROM sf.job_runs WHERE job = 'nightly' AND job_run_id > @Before ORDER BY job_run_id", new { Before = before })).ToList();
        Assert.Equal(["succeeded", "skipped"], rows.Select(r => r.Status));
        Assert.Contains("advisory lock 4242", rows[1].Error, StringComparison.Ordinal);

        // Released: the next chain runs.
        Assert.Equal(ChainStatus.Succeeded, (await JobsTestHost.RunOnceAsync(Builder(new TestStage("slow")))).Status);
    }

    [Fact]
    public async Task A_chain_between_two_stages_keeps_others_out_until_its_lease_runs_out()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        // A chain whose first stage is done and whose next stage is queued (maybe on another host): no lock is held.
        var inFlight = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO sf.job_runs (job, started_at, status, node, held_until) VALUES ('nightly', now(), 'running', 'node-x', now() + interval '1 minute') RETURNING job_run_id");
        var stage = new TestStage("work");

        var blocked = await JobsTestHost.RunOnceAsync(Builder(stage));

        Assert.Equal(ChainStatus.Locked, blocked.Status);
        Assert.Contains($"chain run {inFlight} on node-x, between stages", blocked.Error, StringComparison.Ordinal);
        Assert.Equal(0, stage.Runs);

        // Its host died: nothing renews the lease, and once it has run out the next chain supersedes it.
        await connection.ExecuteAsync("UPDATE sf.job_runs SET held_until = now() - interval '1 second' WHERE job_run_id = @Id", new { Id = inFlight });
        var next = await JobsTestHost.RunOnceAsync(Builder(stage));

        Assert.Equal(ChainStatus.Succeeded, next.Status);
        Assert.Equal(1, stage.Runs);
        var abandoned = await connection.QuerySingleAsync<(string Status, string Error)>("SELECT status, error FROM sf.job_runs WHERE job_run_id = @Id", new { Id = inFlight });
        Assert.Equal("failed", abandoned.Status);
        Assert.StartsWith("Abandoned: its host (node-x) stopped", abandoned.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_next_stage_waits_out_a_refused_fire_that_holds_the_lock_for_a_moment()
    {
        var second = new TestStage("second");
        var builder = Builder(new TestStage("first"), second);
        builder.AddNightlyRunner();
        using var host = builder.Build();
        await host.StartAsync();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        // Chain run in flight: its first stage is done, the hand-off renewed its lease.
        var chainRunId = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO sf.job_runs (job, started_at, status, node, held_until) VALUES ('nightly', now(), 'running', 'node-x', now() + interval '1 minute') RETURNING job_run_id");
        // Another fire checking that lease holds the lock just as the next stage starts.
        await using var other = await database.DataSource.OpenConnectionAsync();
        Assert.True(await other.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_lock(4242)"));
        var (waiterId, result) = host.Services.GetRequiredService<ChainWaiters>().Register();
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        await scheduler.TriggerJob(NightlyJobs.StageJobKey("second"), new ChainTicket(chainRunId, "test", null, waiterId, Missed: false).ForNextStage(chainRunId));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(0, second.Runs);
        await other.ExecuteScalarAsync<bool>("SELECT pg_advisory_unlock(4242)");
        var ended = await result.WaitAsync(TimeSpan.FromSeconds(30));
        await host.StopAsync();

        Assert.Equal(ChainStatus.Succeeded, ended.Status);
        Assert.Equal(1, second.Runs);
        Assert.Equal("succeeded", await connection.ExecuteScalarAsync<string>("SELECT status FROM sf.job_runs WHERE job_run_id = @Id", new { Id = chainRunId }));
    }

    [Fact]
    public async Task A_stage_that_throws_is_retried_with_backoff_and_every_attempt_is_recorded()
    {
        var flaky = new TestStage("flaky-ok", failures: 2);
        var after = new TestStage("after-ok");

        var result = await JobsTestHost.RunOnceAsync(Builder(flaky, after));

        Assert.Equal(ChainStatus.Succeeded, result.Status);
        Assert.Equal(3, result.Stages[0].Attempts);
        Assert.Equal(1, after.Runs);
        Assert.Equal(
            [("failed", "flaky-ok broke on run 1"), ("failed", "flaky-ok broke on run 2"), ("succeeded", null)],
            await AttemptsAsync("nightly.flaky-ok"));
    }

    [Fact]
    public async Task A_failure_that_is_not_transient_is_not_retried()
    {
        var broken = new TestStage("broken-for-good", failures: int.MaxValue, transient: false);
        var after = new TestStage("not-after-broken");

        var result = await JobsTestHost.RunOnceAsync(Builder(broken, after));

        Assert.Equal(ChainStatus.Failed, result.Status);
        Assert.Equal(1, broken.Runs);
        Assert.Equal(1, result.Stages[0].Attempts);
        Assert.Contains("stopped at stage 'broken-for-good' after 1 attempt(s)", result.Error, StringComparison.Ordinal);
        Assert.Equal([("failed", "broken-for-good broke on run 1")], await AttemptsAsync("nightly.broken-for-good"));
        Assert.Equal(0, after.Runs);
    }

    [Fact]
    public async Task A_stage_failing_every_attempt_stops_the_chain_and_says_where()
    {
        var broken = new TestStage("broken-every", failures: int.MaxValue);
        var after = new TestStage("never-reached");

        var result = await JobsTestHost.RunOnceAsync(Builder(broken, after));

        Assert.Equal(ChainStatus.Failed, result.Status);
        Assert.Equal("broken-every", result.FailedStage);
        Assert.Contains("stopped at stage 'broken-every' after 3 attempt(s)", result.Error, StringComparison.Ordinal);
        Assert.Equal(3, broken.Runs);
        Assert.Equal(0, after.Runs);
        Assert.Equal(3, (await AttemptsAsync("nightly.broken-every")).Count(a => a.Status == "failed"));
        Assert.Empty(await AttemptsAsync("nightly.never-reached"));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var chain = await connection.QuerySingleAsync<(string Status, string FailedStage)>(
            "SELECT status, counts->>'failed_stage' FROM sf.job_runs WHERE job = 'nightly' AND counts->>'failed_stage' = 'broken-every'");
        Assert.Equal(("failed", "broken-every"), chain);
    }

    [Fact]
    public async Task Cancelling_stops_the_running_stage_and_records_cancelled()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = new TestStage("waiting") { Gate = gate };
        var after = new TestStage("not-reached");
        using var stop = new CancellationTokenSource();
        var run = JobsTestHost.RunOnceAsync(Builder(waiting, after), cancellationToken: stop.Token);
        await waiting.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await stop.CancelAsync();
        var result = await run;

        Assert.Equal(ChainStatus.Cancelled, result.Status);
        Assert.Equal(0, after.Runs);
        Assert.Equal([("cancelled", "Cancelled (shutdown or Ctrl+C); the next run resumes where this one stopped.")], await AttemptsAsync("nightly.waiting"));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(
            ("cancelled", "Cancelled during stage 'waiting'."),
            await connection.QuerySingleAsync<(string, string)>("SELECT status, error FROM sf.job_runs WHERE job = 'nightly' ORDER BY job_run_id DESC LIMIT 1"));
    }

    [Theory]
    [InlineData(1, 20)]
    [InlineData(2, 40)]
    [InlineData(3, 50)]
    [InlineData(40, 50)]
    public void Retry_delay_doubles_up_to_the_maximum(int failedAttempt, int expectedMs)
    {
        var options = new JobsOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(50) };
        var attempts = new StageAttempts(Options.Create(options), TimeProvider.System, NullLogger<StageAttempts>.Instance);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), attempts.RetryDelay(failedAttempt));
    }

    private HostApplicationBuilder Builder(params INightlyStage[] stages) =>
        JobsTestHost.CreateBuilder(database.ConnectionString, Fast).WithStages(stages);

    private async Task<ChainResult> RunWithRecorderAsync(ExecutionRecorder recorder, params INightlyStage[] stages)
    {
        var builder = Builder(stages);
        builder.AddNightlyRunner();
        using var host = builder.Build();
        await host.StartAsync();
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        scheduler.ListenerManager.AddJobListener(recorder, GroupMatcher<JobKey>.GroupEquals(NightlyJobs.StageGroup));
        var result = await host.Services.GetRequiredService<NightlyRunner>().RunAsync(null, CancellationToken.None);
        await host.StopAsync();
        return result;
    }

    private async Task<List<(string Status, string? Error)>> AttemptsAsync(string job)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<(string, string?)>(
            "SELECT status, error FROM sf.job_runs WHERE job = @Job AND finished_at IS NOT NULL ORDER BY (counts->>'attempt')::int", new { Job = job })];
    }

    /// <summary>Which Quartz jobs ran, in order, each with its own fire.</summary>
    private sealed class ExecutionRecorder : IJobListener
    {
        private readonly List<string> _jobs = [];
        private readonly List<string> _fires = [];

        public string Name => "test-recorder";

        public IReadOnlyList<string> Jobs { get { lock (_jobs) { return [.. _jobs]; } } }

        public IReadOnlyList<string> FireInstances { get { lock (_jobs) { return [.. _fires]; } } }

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
        {
            lock (_jobs)
            {
                _jobs.Add(context.JobDetail.Key.Name);
                _fires.Add(context.FireInstanceId);
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
