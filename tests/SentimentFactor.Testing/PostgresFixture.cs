using Npgsql;
using SentimentFactor.Storage;
using Xunit;

namespace SentimentFactor.Testing;

/// <summary>
/// xunit class fixture: each test class gets a fresh, migrated database on the real test server, so classes
/// run in parallel without seeing each other's rows. Use as IClassFixture&lt;PostgresFixture&gt;.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    /// <summary>The data source of this class's database.</summary>
    public NpgsqlDataSource DataSource => Database.DataSource;

    /// <summary>Npgsql connection string of this class's database.</summary>
    public string ConnectionString => Database.ConnectionString;

    /// <summary>Connection settings of this class's database.</summary>
    public DatabaseTarget Target => Database.Target;

    private TestDatabase Database => _database ?? throw new InvalidOperationException("PostgresFixture is not initialised.");

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
