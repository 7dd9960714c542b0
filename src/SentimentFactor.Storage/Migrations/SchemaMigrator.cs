using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SentimentFactor.Storage.Migrations;

/// <summary>
/// Applies sql/schema files in order, each in its own transaction, recording version and checksum in
/// sf.schema_migrations; refuses a database whose applied files were edited since.
/// </summary>
public sealed class SchemaMigrator
{
    private readonly IReadOnlyList<Migration> _migrations;
    private readonly ILogger<SchemaMigrator> _logger;

    /// <summary>A migrator over <paramref name="migrations"/>, logging under its own category.</summary>
    public SchemaMigrator(IReadOnlyList<Migration> migrations, ILogger<SchemaMigrator> logger)
    {
        _migrations = migrations;
        _logger = logger;
    }

    /// <summary>A migrator over the migrations embedded in this build.</summary>
    public static SchemaMigrator FromEmbedded(ILoggerFactory loggerFactory) =>
        new(Migration.LoadEmbedded(), loggerFactory.CreateLogger<SchemaMigrator>());

    /// <summary>The migrations this build knows.</summary>
    public IReadOnlyList<Migration> Migrations => _migrations;

    /// <summary>Applies what is pending; returns the files applied now. Safe to run from many processes at once.</summary>
    public async Task<IReadOnlyList<Migration>> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(MigrationSql.Lock, new { Key = MigrationSql.AdvisoryLockKey }, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(MigrationSql.CreateTable, cancellationToken: cancellationToken));
            var applied = (await connection.QueryAsync<AppliedMigration>(new CommandDefinition(MigrationSql.Applied, cancellationToken: cancellationToken)))
                .ToDictionary(row => row.Version);
            Verify(applied);

            var appliedNow = new List<Migration>();
            foreach (var migration in _migrations.Where(m => !applied.ContainsKey(m.Version)))
            {
                var stopwatch = Stopwatch.StartNew();
                for (var attempt = 1; ; attempt++)
                {
                    await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                    try
                    {
                        await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
                        await connection.ExecuteAsync(new CommandDefinition(
                            MigrationSql.Record,
                            new { migration.Version, Name = migration.FileName, migration.Checksum },
                            transaction,
                            cancellationToken: cancellationToken));
                        await transaction.CommitAsync(cancellationToken);
                        break;
                    }
                    catch (PostgresException ex) when (attempt < MaxAttempts && IsConcurrentRoleCreation(ex))
                    {
                        // Roles are server-wide while the advisory lock is per database: two databases migrating at once
                        // on a fresh server race on CREATE ROLE. The loser's retry sees the role and skips creating it.
                        Log.MigrationRetried(_logger, migration.FileName, ex.SqlState);
                    }
                    catch (PostgresException ex)
                    {
                        throw StorageException.MigrationFailed(migration.FileName, ex);
                    }
                }

                Log.MigrationApplied(_logger, migration.FileName, stopwatch.ElapsedMilliseconds);
                appliedNow.Add(migration);
            }

            Log.SchemaCurrent(_logger, PostgresConnectionString.Describe(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString)), _migrations.Count == 0 ? 0 : _migrations[^1].Version);
            return appliedNow;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition(MigrationSql.Unlock, new { Key = MigrationSql.AdvisoryLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    private const int MaxAttempts = 3;

    private static bool IsConcurrentRoleCreation(PostgresException ex) =>
        ex.SqlState == PostgresErrorCodes.DuplicateObject
        || (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName == "pg_authid_rolname_index");

    /// <summary>The rows of sf.schema_migrations; empty when the table does not exist yet.</summary>
    public static async Task<IReadOnlyList<AppliedMigration>> ReadAppliedAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT to_regclass('sf.schema_migrations') IS NOT NULL", cancellationToken: cancellationToken));
        return exists
            ? [.. await connection.QueryAsync<AppliedMigration>(new CommandDefinition(MigrationSql.Applied, cancellationToken: cancellationToken))]
            : [];
    }

    private void Verify(Dictionary<int, AppliedMigration> applied)
    {
        var known = _migrations.ToDictionary(m => m.Version);
        foreach (var row in applied.Values.OrderBy(r => r.Version))
        {
            if (!known.TryGetValue(row.Version, out var migration))
            {
                throw StorageException.MigrationUnknown(row.Version, row.Name);
            }

            if (!migration.Matches(row.Checksum))
            {
                throw StorageException.MigrationEdited(migration.FileName, row.Checksum, migration.Checksum);
            }
        }
    }
}
