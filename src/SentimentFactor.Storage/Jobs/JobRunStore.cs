using Dapper;
using Npgsql;

namespace SentimentFactor.Storage.Jobs;

/// <summary>sf.job_runs: every chain run and every stage attempt, with its counts and error.</summary>
public sealed class JobRunStore(NpgsqlDataSource dataSource)
{
    /// <summary>Inserts a 'running' row; returns its id.</summary>
    public async Task<long> StartAsync(string job, DateTimeOffset startedAt, string countsJson, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            JobRunSql.Start, new { Job = job, StartedAt = startedAt.ToUniversalTime(), Counts = countsJson }, cancellationToken: cancellationToken));
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
        return [.. rows.Select(r => new JobRun(r.JobRunId, r.Job, Utc(r.StartedAt), r.FinishedAt is { } f ? Utc(f) : null, r.Status, r.Counts, r.Error))];
    }

    /// <summary>The "to" day of the newest succeeded run of <paramref name="job"/>, or null.</summary>
    public async Task<DateOnly?> LastSucceededDayAsync(string job, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var text = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            JobRunSql.LastSucceededDay, new { Job = job }, cancellationToken: cancellationToken));
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            ? day
            : null;
    }

    /// <summary>When the newest succeeded run of <paramref name="job"/> started, or null.</summary>
    public async Task<DateTimeOffset?> LastSucceededStartAsync(string job, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var at = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            JobRunSql.LastSucceededStart, new { Job = job }, cancellationToken: cancellationToken));
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
    /// Tries to take the session advisory lock <paramref name="key"/> on a connection of its own; returns that
    /// connection (dispose it to release the lock) or null when another session holds it.
    /// </summary>
    public async Task<NpgsqlConnection?> TryLockAsync(long key, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var taken = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(JobRunSql.TryLock, new { Key = key }, cancellationToken: cancellationToken));
            if (taken)
            {
                return connection;
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

    /// <summary>Releases the lock taken by <see cref="TryLockAsync"/> and closes its connection.</summary>
    public static async Task UnlockAsync(NpgsqlConnection connection, long key)
    {
        ArgumentNullException.ThrowIfNull(connection);
        try
        {
            await connection.ExecuteScalarAsync<bool>(new CommandDefinition(JobRunSql.Unlock, new { Key = key }, cancellationToken: CancellationToken.None));
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The session may still hold the lock: keep it out of the pool so closing it ends the session.
            NpgsqlConnection.ClearPool(connection);
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>Who holds advisory lock <paramref name="key"/>, or null when nobody (any more).</summary>
    public async Task<LockHolder?> LockHolderAsync(long key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<LockHolder>(new CommandDefinition(JobRunSql.LockHolder, new { Key = key }, cancellationToken: cancellationToken));
    }

    // Npgsql reads timestamptz as a UTC DateTime.
    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed record Row(long JobRunId, string Job, DateTime StartedAt, DateTime? FinishedAt, string Status, string Counts, string? Error);
}
