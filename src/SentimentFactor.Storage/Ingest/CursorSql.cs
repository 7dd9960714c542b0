namespace SentimentFactor.Storage.Ingest;

/// <summary>SQL of sf.ingest_cursors: where each incremental pull resumes.</summary>
internal static class CursorSql
{
    public const string Get = """
        SELECT position FROM sf.ingest_cursors WHERE source = @Source AND query = @Query
        """;

    public const string Save = """
        INSERT INTO sf.ingest_cursors (source, query, position, updated_at)
        VALUES (@Source, @Query, @Position, now())
        ON CONFLICT (source, query) DO UPDATE SET position = excluded.position, updated_at = now()
        """;

    public const string Delete = """
        DELETE FROM sf.ingest_cursors WHERE source = @Source AND query = @Query
        """;

    public const string SaveGap = """
        INSERT INTO sf.ingest_gaps (source, query, gap_from, gap_to, stale_since_id, reason)
        VALUES (@Source, @Query, @From, @To, @StaleSinceId, @Reason)
        """;

    public const string ListGaps = """
        SELECT gap_from AS "From", gap_to AS "To", stale_since_id AS StaleSinceId, reason AS Reason
        FROM sf.ingest_gaps WHERE source = @Source AND query = @Query ORDER BY gap_id
        """;
}
