namespace SentimentFactor.Storage;

/// <summary>
/// Where the database lives. With no connection string (SF_DB or ConnectionStrings:Postgres) sf runs a private
/// PostgreSQL cluster of its own under <see cref="DataDirectory"/>.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>The managed cluster's folder, relative to the repository root unless absolute.</summary>
    public string DataDirectory { get; set; } = ".sf/pg";

    /// <summary>Loopback TCP port of the managed cluster; 0 picks a free one at creation (and again if taken).</summary>
    public int Port { get; set; }

    /// <summary>Database name inside the managed cluster.</summary>
    public string Name { get; set; } = "sentimentfactor";

    /// <summary>OS user that runs the managed server when sf runs as root (initdb refuses root).</summary>
    public string ServerUser { get; set; } = "postgres";

    /// <summary>How long to wait for the managed server to accept connections.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
