namespace SentimentFactor.Storage.Migrations;

/// <summary>A row of sf.schema_migrations.</summary>
public sealed record AppliedMigration(int Version, string Name, string Checksum, DateTime AppliedAt);
