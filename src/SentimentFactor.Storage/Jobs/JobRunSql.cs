namespace SentimentFactor.Storage.Jobs;

/// <summary>SQL of sf.job_runs (one row per stage attempt and per chain run) and of the chain's advisory lock.</summary>
internal static class JobRunSql
{
    public const string Start = """
        INSERT INTO sf.job_runs (job, started_at, status, counts)
        VALUES (@Job, @StartedAt, 'running', CAST(@Counts AS jsonb))
        RETURNING job_run_id
        """;

    public const string Finish = """
        UPDATE sf.job_runs
        SET finished_at = @FinishedAt, status = @Status, counts = CAST(@Counts AS jsonb), error = @Error
        WHERE job_run_id = @JobRunId
        """;

    public const string Latest = """
        SELECT job_run_id AS JobRunId, job AS Job, started_at AS StartedAt, finished_at AS FinishedAt,
               status AS Status, counts::text AS Counts, error AS Error
        FROM sf.job_runs
        WHERE (@Job IS NULL OR job = @Job OR job LIKE @Job || '.%')
        ORDER BY started_at DESC, job_run_id DESC
        LIMIT @Limit
        """;

    /// <summary>The last day a stage finished successfully for (counts->>'to' of its newest succeeded run).</summary>
    public const string LastSucceededDay = """
        SELECT counts->>'to'
        FROM sf.job_runs
        WHERE job = @Job AND status = 'succeeded' AND counts ? 'to'
        ORDER BY started_at DESC, job_run_id DESC
        LIMIT 1
        """;

    public const string LastSucceededStart = """
        SELECT max(started_at) FROM sf.job_runs WHERE job = @Job AND status = 'succeeded'
        """;

    /// <summary>The oldest post stored after @Since (ingested_at defaults to the insert's now()): where late data starts.</summary>
    public const string EarliestPostIngestedSince = """
        SELECT min(created_at) FROM sf.posts WHERE ingested_at >= @Since
        """;

    // Session-level: held by the connection the chain keeps open, released on unlock or when that connection
    // (or its whole process or host) goes away, so a crashed chain never leaves the lock behind.
    public const string TryLock = "SELECT pg_try_advisory_lock(@Key)";

    public const string Unlock = "SELECT pg_advisory_unlock(@Key)";

    public const string LockHolder = """
        SELECT a.pid AS Pid, a.application_name AS ApplicationName, a.client_addr::text AS ClientAddress, a.backend_start AS Since
        FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND ((l.classid::bigint << 32) | l.objid::bigint) = @Key
        LIMIT 1
        """;
}
