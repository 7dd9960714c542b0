using Npgsql;

namespace SentimentFactor.Storage;

/// <summary>The server sf talks to: the managed cluster, or the external one SF_DB names.</summary>
/// <param name="Connection">Full connection settings (holds the password: never log it).</param>
/// <param name="IsManaged">True for the private cluster sf runs itself.</param>
/// <param name="Origin">Where the settings came from, for messages: "SF_DB", "ConnectionStrings:Postgres" or the cluster folder.</param>
public sealed record DatabaseTarget(NpgsqlConnectionStringBuilder Connection, bool IsManaged, string Origin)
{
    /// <summary>host:port/database, safe for logs.</summary>
    public string Display => PostgresConnectionString.Describe(Connection);

    /// <summary>The URI psql accepts, with the password.</summary>
    public string Uri => PostgresConnectionString.ToUri(Connection);

    /// <summary>The same server, another database (tests create one per class).</summary>
    public DatabaseTarget WithDatabase(string database)
    {
        var copy = new NpgsqlConnectionStringBuilder(Connection.ConnectionString) { Database = database };
        return this with { Connection = copy };
    }
}
