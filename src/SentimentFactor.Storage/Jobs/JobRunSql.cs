namespace SentimentFactor.Storage.Jobs;

/// <summary>SQL of sf.job_runs (one row per stage attempt and per chain run) and of the chain's advisory lock.</summary>
internal static class JobRunSql
{
    public const string Start = """
        INSERT INTO sf.job_runs (job, started_at, status, counts, chain_run_id, node, held_until)
        VALUES (@Job, @StartedAt, 'running', CAST(@Counts AS jsonb), @ChainRunId, @Node, @HeldUntil)
        RETURNING job_run_id
        """;

    public const string Finish = """
        UPDATE sf.job_runs
        SET finished_at = @FinishedAt, status = @Status, counts = CAST(@Counts AS jsonb), error = @Error, held_until = NULL
        WHERE job_run_id = @JobRunId
        """;

    /// <summary>Renews a running chain's lease (and says which host has it now); no row when the chain is no longer running.</summary>
    public const string Renew = """
        UPDATE sf.job_runs
        SET held_until = @HeldUntil, node = @Node
        WHERE job_run_id = @JobRunId AND status = 'running'
        RETURNING job_run_id AS JobRunId, started_at AS StartedAt, node AS Node, held_until AS HeldUntil, counts::text AS Counts, status AS Status
        """;

    public const string RunningChains = """
        SELECT job_run_id AS JobRunId, started_at AS StartedAt, node AS Node, held_until AS HeldUntil, counts::text AS Counts, status AS Status
        FROM sf.job_runs
        WHERE job = @Job AND status = 'running'
        ORDER BY started_at DESC, job_run_id DESC
        """;

    public const string Chain = """
        SELECT job_run_id AS JobRunId, started_at AS StartedAt, node AS Node, held_until AS HeldUntil, counts::text AS Counts, status AS Status
        FROM sf.job_runs
        WHERE job_run_id = @JobRunId
        """;

    /// <summary>Stage attempts of a chain still marked running: their host died (the lock they held is free).</summary>
    public const string FailRunningAttempts = """
        UPDATE sf.job_runs
        SET finished_at = @FinishedAt, status = 'failed', error = @Error
        WHERE chain_run_id = @ChainRunId AND status = 'running'
        """;

    /// <summary>The last attempt's status of each stage of a chain run.</summary>
    public const string ChainStages = """
        SELECT DISTINCT ON (job) job AS Job, status AS Status
        FROM sf.job_runs
        WHERE chain_run_id = @ChainRunId
        ORDER BY job, job_run_id DESC
        """;

    public const string Latest = """
        SELECT job_run_id AS JobRunId, job AS Job, started_at AS StartedAt, finished_at AS FinishedAt,
               status AS Status, counts::text AS Counts, error AS Error, node AS Node
        FROM sf.job_runs
        WHERE (@Job IS NULL OR job = @Job OR job LIKE @Job || '.%')
        ORDER BY started_at DESC, job_run_id DESC
        LIMIT @Limit
        """;

    /// <summary>The last day a stage finished successfully for (counts->>'to' of its newest succeeded run).</summary>
    public const string LastSucceededDay = """
        SELECT counts->>'to'
        FROM sf.job_runs
        WHERE job = @Job AND status = 'succeeded' AND counts ? 'to' AND started_at < @Before
        ORDER BY started_at DESC, job_run_id DESC
        LIMIT 1
        """;

    public const string LastSucceededStart = """
        SELECT max(started_at) FROM sf.job_runs WHERE job = @Job AND status = 'succeeded' AND started_at < @Before
        """;

    /// <summary>The oldest post stored after @Since (ingested_at defaults to the insert's now()): where late data starts.</summary>
    public const string EarliestPostIngestedSince = """
        SELECT min(created_at) FROM sf.posts WHERE ingested_at >= @Since
        """;

    // Session-level: held by the connection a running stage keeps open, released on unlock or when that connection
    // (or its whole process or host) goes away, so a crashed stage never leaves the lock behind.
    public const string TryLock = "SELECT pg_try_advisory_lock(@Key)";

    /// <summary>Names the lock's session, so whoever finds the lock taken is told what holds it.</summary>
    public const string NameSession = "SELECT set_config('application_name', @Name, false)";

    public const string Unlock = "SELECT pg_advisory_unlock(@Key)";

    public const string LockHolder = """
        SELECT a.pid AS Pid, a.application_name AS ApplicationName, a.client_addr::text AS ClientAddress, a.backend_start AS Since
        FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND ((l.classid::bigint << 32) | l.objid::bigint) = @Key
        LIMIT 1
        """;
}
