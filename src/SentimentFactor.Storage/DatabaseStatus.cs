using Dapper;
using Npgsql;
using SentimentFactor.Storage.Migrations;

namespace SentimentFactor.Storage;

/// <summary>What `sf db status` shows: server, version, migrations, rows per table of schema sf.</summary>
public sealed record DatabaseStatus(
    string ServerVersion,
    string Database,
    IReadOnlyList<AppliedMigration> Applied,
    IReadOnlyList<Migration> Pending,
    IReadOnlyList<TableRowCount> Tables)
{
    private const string TablesSql = """
        SELECT c.relname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'sf' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        ORDER BY c.relname
        """;

    /// <summary>Reads the status; counts rows exactly (a status is asked for rarely, and estimates mislead).</summary>
    public static async Task<DatabaseStatus> ReadAsync(NpgsqlDataSource dataSource, IReadOnlyList<Migration> known, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var version = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SHOW server_version", cancellationToken: cancellationToken)) ?? "?";
        var database = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT current_database()", cancellationToken: cancellationToken)) ?? "?";
        var applied = await SchemaMigrator.ReadAppliedAsync(dataSource, cancellationToken);
        var appliedVersions = applied.Select(a => a.Version).ToHashSet();
        var pending = known.Where(m => !appliedVersions.Contains(m.Version)).ToList();

        var tables = new List<TableRowCount>();
        foreach (var table in await connection.QueryAsync<string>(new CommandDefinition(TablesSql, cancellationToken: cancellationToken)))
        {
            // Names come from pg_class of schema sf, quoted: not user input.
            var rows = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) FROM sf.\"{table}\"", cancellationToken: cancellationToken));
            tables.Add(new TableRowCount(table, rows));
        }

        return new DatabaseStatus(version, database, applied, pending, tables);
    }
}

/// <summary>One table of schema sf and its row count.</summary>
public sealed record TableRowCount(string Table, long Rows);
