using Dapper;
using Npgsql;

namespace SentimentFactor.Storage.Jobs;

/// <summary>sf.job_runs: every chain run and every stage attempt, with its counts and error.</summary>
public sealed class JobRunStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Inserts a 'running' row; returns its id. A stage attempt names its <paramref name="chainRunId"/>; a chain run
    /// gives its lease <paramref name="heldUntil"/>.
    /// </summary>
    public async Task<long> StartAsync(
        string job, DateTimeOffset startedAt, string countsJson, CancellationToken cancellationToken, long? chainRunId = null, string? node = null, DateTimeOffset? heldUntil = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            JobRunSql.Start,
            new { Job = job, StartedAt = startedAt.ToUniversalTime(), Counts = countsJson, ChainRunId = chainRunId, Node = node, HeldUntil = heldUntil?.ToUniversalTime() },
            cancellationToken: cancellationToken));
    }

    /// <summary>Moves a running chain's lease to <paramref name="heldUntil"/> on <paramref name="node"/>; returns the chain as renewed, null when it is no longer running.</summary>
    public async Task<ChainRun?> RenewAsync(long chainRunId, string node, DateTimeOffset heldUntil, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ChainRow>(new CommandDefinition(
            JobRunSql.Renew, new { JobRunId = chainRunId, Node = node, HeldUntil = heldUntil.ToUniversalTime() }, cancellationToken: cancellationToken));
        return row?.ToChainRun();
    }

    /// <summary>The chain runs of <paramref name="job"/> still marked running, newest first.</summary>
    public async Task<IReadOnlyList<ChainRun>> RunningChainsAsync(string job, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ChainRow>(new CommandDefinition(JobRunSql.RunningChains, new { Job = job }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToChainRun())];
    }

    /// <summary>One chain run, or null when there is no such row.</summary>
    public async Task<ChainRun?> ChainAsync(long chainRunId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ChainRow>(new CommandDefinition(JobRunSql.Chain, new { JobRunId = chainRunId }, cancellationToken: cancellationToken));
        return row?.ToChainRun();
    }

    /// <summary>Marks the attempts of <paramref name="chainRunId"/> still running as failed with <paramref name="error"/>; returns how many.</summary>
    public async Task<int> FailRunningAttemptsAsync(long chainRunId, DateTimeOffset at, string error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            JobRunSql.FailRunningAttempts, new { ChainRunId = chainRunId, FinishedAt = at.ToUniversalTime(), Error = error }, cancellationToken: cancellationToken));
    }

    /// <summary>The last attempt's status of each stage job of <paramref name="chainRunId"/>.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ChainStagesAsync(long chainRunId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Job, string Status)>(new CommandDefinition(
            JobRunSql.ChainStages, new { ChainRunId = chainRunId }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Job, r => r.Status);
    }

    /// <summary>Ends a row with its status, counts and error. Not cancellable: the outcome of a cancelled run is recorded too.</summary>
    public async Task FinishAsync(long jobRunId, DateTimeOffset finishedAt, string status, string countsJson, string? error)
    {
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(
            JobRunSql.Finish,
            new { JobRunId = jobRunId, FinishedAt = finishedAt.ToUniversalTime(), Status = status, Counts = countsJson, Error = error },
            cancellationToken: CancellationToken.None));
    }

    /// <summary>The newest <paramref name="limit"/> rows, of one job (and its stages) or of all.</summary>
    public async Task<IReadOnlyList<JobRun>> LatestAsync(string? job, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            JobRunSql.Latest, new { Job = job, Limit = limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new JobRun(r.JobRunId, r.Job, Utc(r.StartedAt), r.FinishedAt is { } f ? Utc(f) : null, r.Status, r.Counts, r.Error, r.Node))];
    }

    /// <summary>The "to" day of the newest succeeded run of <paramref name="job"/> started before <paramref name="before"/>, or null.</summary>
    public async Task<DateOnly?> LastSucceededDayAsync(string job, DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var text = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            JobRunSql.LastSucceededDay, new { Job = job, Before = before.ToUniversalTime() }, cancellationToken: cancellationToken));
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            ? day
            : null;
    }

    /// <summary>When the newest succeeded run of <paramref name="job"/> started before <paramref name="before"/>, or null.</summary>
    public async Task<DateTimeOffset?> LastSucceededStartAsync(string job, DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var at = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            JobRunSql.LastSucceededStart, new { Job = job, Before = before.ToUniversalTime() }, cancellationToken: cancellationToken));
        return at is { } t ? Utc(t) : null;
    }

    /// <summary>created_at of the oldest post stored at or after <paramref name="since"/>, or null when none.</summary>
    public async Task<DateTimeOffset?> EarliestPostIngestedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var at = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            JobRunSql.EarliestPostIngestedSince, new { Since = since.ToUniversalTime() }, cancellationToken: cancellationToken));
        return at is { } t ? Utc(t) : null;
    }

    /// <summary>
    /// Tries to take the session advisory lock <paramref name="key"/> on a connection of its own; returns the lock
    /// (dispose it to release) or null when another session holds it. The session takes <paramref name="holderName"/>
    /// as its application_name (what <see cref="LockHolderAsync"/> tells others).
    /// </summary>
    public async Task<AdvisoryLock?> TryLockAsync(long key, CancellationToken cancellationToken, string? holderName = null)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var taken = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(JobRunSql.TryLock, new { Key = key }, cancellationToken: cancellationToken));
            if (taken)
            {
                if (holderName is not null)
                {
                    // application_name is at most 63 bytes; PostgreSQL cuts longer names itself.
                    await connection.ExecuteScalarAsync<string>(new CommandDefinition(JobRunSql.NameSession, new { Name = holderName }, cancellationToken: cancellationToken));
                }

                return new AdvisoryLock(connection, key);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    /// <summary>Who holds advisory lock <paramref name="key"/>, or null when nobody (any more).</summary>
    public async Task<LockHolder?> LockHolderAsync(long key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<LockHolder>(new CommandDefinition(JobRunSql.LockHolder, new { Key = key }, cancellationToken: cancellationToken));
    }

    // Npgsql reads timestamptz as a UTC DateTime.
    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed record ChainRow(long JobRunId, DateTime StartedAt, string? Node, DateTime? HeldUntil, string Counts, string Status)
    {
        public ChainRun ToChainRun() => new(JobRunId, Utc(StartedAt), Node, HeldUntil is { } h ? Utc(h) : null, Counts, Status);
    }

    private sealed record Row(long JobRunId, string Job, DateTime StartedAt, DateTime? FinishedAt, string Status, string Counts, string? Error, string? Node);
}
