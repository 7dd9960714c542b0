namespace SentimentFactor.Storage.Ingest;

/// <summary>SQL of sf.ingest_rejects.</summary>
internal static class RejectSql
{
    public const string Copy = """
        COPY sf.ingest_rejects (source, reason, payload, location) FROM STDIN (FORMAT BINARY)
        """;

    public const string ListBySource = """
        SELECT source AS Source, reason AS Reason, payload AS Payload, location AS Location
        FROM sf.ingest_rejects WHERE source = @Source ORDER BY reject_id
        """;

    public const string DeleteBySource = """
        DELETE FROM sf.ingest_rejects WHERE source = @Source
        """;
}
