using Microsoft.Extensions.Logging.Abstractions;
using SentimentFactor.Storage;
using SentimentFactor.Storage.Cluster;

namespace SentimentFactor.Testing;

/// <summary>
/// The PostgreSQL server integration tests make their databases on: SF_TEST_DB (set by `sf test`) when given,
/// else the managed cluster of this checkout, started once per test process. Never a mock.
/// </summary>
public static class TestServer
{
    /// <summary>The variable `sf test` sets: an admin connection string (any database).</summary>
    public const string Variable = "SF_TEST_DB";

    private static readonly Lazy<Task<DatabaseTarget>> Admin = new(StartAsync);

    /// <summary>A connection to the server's `postgres` database, with rights to create databases.</summary>
    public static Task<DatabaseTarget> GetAdminAsync() => Admin.Value;

    private static async Task<DatabaseTarget> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return new DatabaseTarget(PostgresConnectionString.Parse(configured, Variable), IsManaged: false, Variable);
        }

        var cluster = new ManagedCluster(new DatabaseOptions(), TestPaths.RepositoryRoot, NullLogger.Instance);
        var target = await cluster.EnsureStartedAsync(CancellationToken.None);
        return target.WithDatabase("postgres");
    }
}
