using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SentimentFactor.Storage;
using SentimentFactor.Storage.Migrations;

namespace SentimentFactor.Testing;

/// <summary>A fresh database of its own on the test server, dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly DatabaseTarget _admin;

    private TestDatabase(DatabaseTarget admin, DatabaseTarget target)
    {
        _admin = admin;
        Target = target;
        DataSource = NpgsqlDataSource.Create(target.Connection.ConnectionString);
    }

    /// <summary>Connection settings of this database.</summary>
    public DatabaseTarget Target { get; }

    /// <summary>Npgsql connection string of this database.</summary>
    public string ConnectionString => Target.Connection.ConnectionString;

    /// <summary>The data source for this database (disposed with it).</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Creates the database; applies this build's migrations unless <paramref name="migrate"/> is false.</summary>
    public static async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var admin = await TestServer.GetAdminAsync();
        var name = "sf_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin.Connection.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var database = new TestDatabase(admin, admin.WithDatabase(name));
        if (migrate)
        {
            await SchemaMigrator.FromEmbedded(NullLogger.Instance).MigrateAsync(database.DataSource, CancellationToken.None);
        }

        return database;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await using var connection = new NpgsqlConnection(_admin.Connection.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Target.Connection.Database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
