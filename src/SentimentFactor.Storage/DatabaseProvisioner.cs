using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;
using SentimentFactor.Storage.Migrations;

namespace SentimentFactor.Storage;

/// <summary>
/// Creates and drops whole databases beside the configured one on the same server: the demo's own database, and
/// one per test class. Names are checked, not escaped, because CREATE DATABASE cannot take a parameter.
/// </summary>
public static partial class DatabaseProvisioner
{
    /// <summary>
    /// Drops <paramref name="name"/> if it exists (closing its connections), creates it empty and, when
    /// <paramref name="migrate"/>, applies this build's migrations. <paramref name="server"/> is any database
    /// on the server that can be connected to. The migrator logs under its own category from <paramref name="loggerFactory"/>.
    /// </summary>
    /// <returns>The connection settings of the new database.</returns>
    /// <exception cref="StorageException">A bad name, or the server refused to create the database.</exception>
    public static async Task<DatabaseTarget> RecreateAsync(
        DatabaseTarget server, string name, bool migrate, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        CheckName(name);
        await using (var connection = new NpgsqlConnection(server.Connection.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            try
            {
                await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", cancellationToken);
                await ExecuteAsync(connection, $"CREATE DATABASE {name}", cancellationToken);
            }
            catch (PostgresException ex)
            {
                throw StorageException.CannotCreateDatabase(name, server.Display, ex);
            }
        }

        var target = server.WithDatabase(name);
        if (migrate)
        {
            await using var dataSource = NpgsqlDataSource.Create(target.Connection.ConnectionString);
            await SchemaMigrator.FromEmbedded(loggerFactory).MigrateAsync(dataSource, cancellationToken);
        }

        return target;
    }

    /// <summary>Drops <paramref name="name"/> if it exists, closing its connections.</summary>
    public static async Task DropAsync(DatabaseTarget server, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        CheckName(name);
        await using var connection = new NpgsqlConnection(server.Connection.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", cancellationToken);
    }

    /// <summary>Whether <paramref name="name"/> is a database name these methods accept (1-63 of a-z, 0-9, _; no digit first).</summary>
    public static bool IsValidName(string? name) => name is not null && DatabaseName().IsMatch(name);

    private static void CheckName(string name)
    {
        if (!IsValidName(name))
        {
            throw StorageException.BadDatabaseName(name ?? "");
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
