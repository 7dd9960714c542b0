using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SentimentFactor.Storage;

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
        var target = await DatabaseProvisioner.RecreateAsync(admin, name, migrate, NullLoggerFactory.Instance, CancellationToken.None);
        return new TestDatabase(admin, target);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await DatabaseProvisioner.DropAsync(_admin, Target.Connection.Database!, CancellationToken.None);
    }
}
