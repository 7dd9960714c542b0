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
}
