namespace SentimentFactor.Storage.Ingest;

/// <summary>SQL of sf.ingest_rejects.</summary>
internal static class RejectSql
{
    public const string CreateStage = """
        CREATE TEMP TABLE rejects_stage (
            source   text  NOT NULL,
            reason   text  NOT NULL,
            payload  bytea NOT NULL,
            location text
        ) ON COMMIT DROP
        """;

    public const string CopyStage = """
        COPY rejects_stage (source, reason, payload, location) FROM STDIN (FORMAT BINARY)
        """;

    // ingest_rejects_dedup_idx (010): the same bad record from the same place is kept once.
    public const string Merge = """
        INSERT INTO sf.ingest_rejects (source, reason, payload, location)
        SELECT source, reason, payload, location FROM rejects_stage
        ON CONFLICT (source, reason, (coalesce(location, '')), (md5(payload))) DO NOTHING
        """;

    public const string ListBySource = """
        SELECT source AS Source, reason AS Reason, payload AS Payload, location AS Location
        FROM sf.ingest_rejects WHERE source = @Source ORDER BY reject_id
        """;

    public const string DeleteBySource = """
        DELETE FROM sf.ingest_rejects WHERE source = @Source
        """;
}
