namespace SentimentFactor.Storage.Migrations;

/// <summary>The statements of the migration runner itself.</summary>
internal static class MigrationSql
{
    /// <summary>One key for every sf process that migrates: two never apply the same file at once.</summary>
    public const long AdvisoryLockKey = 0x5346_4D49_4752; // "SFMIGR"

    public const string Lock = "SELECT pg_advisory_lock(@Key)";

    public const string Unlock = "SELECT pg_advisory_unlock(@Key)";

    public const string CreateTable = """
        CREATE SCHEMA IF NOT EXISTS sf;
        CREATE TABLE IF NOT EXISTS sf.schema_migrations (
            version     integer     PRIMARY KEY,
            name        text        NOT NULL,
            checksum    text        NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now()
        );
        """;

    public const string Applied = "SELECT version AS Version, name AS Name, checksum AS Checksum, applied_at AS AppliedAt FROM sf.schema_migrations ORDER BY version";

    public const string Record = "INSERT INTO sf.schema_migrations (version, name, checksum) VALUES (@Version, @Name, @Checksum)";
}
