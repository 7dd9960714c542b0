using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using SentimentFactor.Jobs.Chain;
using SentimentFactor.Testing;

namespace SentimentFactor.Jobs.Tests.Chain;

public sealed class NightlyChainTests(PostgresFixture database) : IClassFixture<PostgresFixture>
{
    private static readonly JobsOptions Fast = new() { MaxAttempts = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(50), LockKey = 4242 };

    [Fact]
    public async Task Two_chains_at_once_one_runs_and_the_other_reports_the_lock()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new TestStage("slow") { Gate = gate };
        // Two data sources: two processes as far as PostgreSQL can tell.
        await using var other = NpgsqlDataSource.Create(database.ConnectionString);
        var first = Chain(Fast, slow).RunAsync(database.DataSource, new NightlyRequest("one"), CancellationToken.None);
        await slow.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var second = await Chain(Fast, new TestStage("slow")).RunAsync(other, new NightlyRequest("two"), CancellationToken.None);

        Assert.Equal(ChainStatus.Locked, second.Status);
        Assert.Empty(second.Stages);
        Assert.Contains("Another nightly chain is running", second.Error, StringComparison.Ordinal);
        gate.SetResult();
        Assert.Equal(ChainStatus.Succeeded, (await first).Status);
        Assert.Equal(1, slow.Runs);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(string Status, string? Error)>(
            "SELECT status, error FROM sf.job_runs WHERE job = 'nightly' AND counts->>'trigger' IN ('one', 'two') ORDER BY counts->>'trigger'")).ToList();
        Assert.Equal("succeeded", rows[0].Status);
        Assert.Equal("skipped", rows[1].Status);
        Assert.Contains("advisory lock 4242", rows[1].Error, StringComparison.Ordinal);

        // Released: the next chain runs.
        Assert.Equal(ChainStatus.Succeeded, (await Chain(Fast, new TestStage("slow")).RunAsync(other, new NightlyRequest("three"), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_stage_that_throws_is_retried_with_backoff_and_every_attempt_is_recorded()
    {
        var flaky = new TestStage("flaky-ok", failures: 2);
        var after = new TestStage("after-ok");

        var result = await Chain(Fast, flaky, after).RunAsync(database.DataSource, new NightlyRequest("retry"), CancellationToken.None);

        Assert.Equal(ChainStatus.Succeeded, result.Status);
        Assert.Equal(3, result.Stages[0].Attempts);
        Assert.Equal(1, after.Runs);
        Assert.Equal(
            [("failed", "flaky-ok broke on run 1"), ("failed", "flaky-ok broke on run 2"), ("succeeded", null)],
            await AttemptsAsync("nightly.flaky-ok"));
    }

    [Fact]
    public async Task A_stage_failing_every_attempt_stops_the_chain_and_says_where()
    {
        var broken = new TestStage("broken", failures: int.MaxValue);
        var after = new TestStage("never");

        var result = await Chain(Fast, broken, after).RunAsync(database.DataSource, new NightlyRequest("stop"), CancellationToken.None);

        Assert.Equal(ChainStatus.Failed, result.Status);
        Assert.Equal("broken", result.FailedStage);
        Assert.Contains("stopped at stage 'broken' after 3 attempt(s)", result.Error, StringComparison.Ordinal);
        Assert.Equal(3, broken.Runs);
        Assert.Equal(0, after.Runs);
        Assert.Equal(3, (await AttemptsAsync("nightly.broken")).Count(a => a.Status == "failed"));
        Assert.Empty(await AttemptsAsync("nightly.never"));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var chain = await connection.QuerySingleAsync<(string Status, string FailedStage)>(
            "SELECT status, counts->>'failed_stage' FROM sf.job_runs WHERE job = 'nightly' AND counts->>'trigger' = 'stop'");
        Assert.Equal(("failed", "broken"), chain);
    }

    [Fact]
    public async Task Cancelling_stops_the_running_stage_and_records_cancelled()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = new TestStage("waiting") { Gate = gate };
        var after = new TestStage("not-reached");
        using var stop = new CancellationTokenSource();
        var run = Chain(Fast, waiting, after).RunAsync(database.DataSource, new NightlyRequest("cancel"), stop.Token);
        await waiting.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await stop.CancelAsync();
        var result = await run;

        Assert.Equal(ChainStatus.Cancelled, result.Status);
        Assert.Equal(0, after.Runs);
        Assert.Equal([("cancelled", "Cancelled (shutdown or Ctrl+C); the next run resumes where this one stopped.")], await AttemptsAsync("nightly.waiting"));
    }

    [Theory]
    [InlineData(1, 20)]
    [InlineData(2, 40)]
    [InlineData(3, 50)]
    [InlineData(40, 50)]
    public void Retry_delay_doubles_up_to_the_maximum(int failedAttempt, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Chain(Fast).RetryDelay(failedAttempt));
    }

    private static NightlyChain Chain(JobsOptions options, params INightlyStage[] stages) =>
        new(stages, Options.Create(options), TimeProvider.System, NullLogger<NightlyChain>.Instance);

    private async Task<List<(string Status, string? Error)>> AttemptsAsync(string job)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<(string, string?)>(
            "SELECT status, error FROM sf.job_runs WHERE job = @Job AND finished_at IS NOT NULL ORDER BY (counts->>'attempt')::int", new { Job = job })];
    }
}
