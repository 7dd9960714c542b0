using Microsoft.Extensions.Logging;

namespace SentimentFactor.Storage;

/// <summary>Storage's log messages; event ids 5000-5999.</summary>
internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Information, "Created the managed PostgreSQL cluster in {Directory} (127.0.0.1:{Port})")]
    public static partial void ClusterCreated(ILogger logger, string directory, int port);

    [LoggerMessage(5001, LogLevel.Information, "Started the managed PostgreSQL cluster in {Directory}")]
    public static partial void ClusterStarted(ILogger logger, string directory);

    [LoggerMessage(5002, LogLevel.Information, "Stopped the managed PostgreSQL cluster in {Directory}")]
    public static partial void ClusterStopped(ILogger logger, string directory);

    [LoggerMessage(5003, LogLevel.Warning, "Port {OldPort} is taken by another program; the managed cluster now listens on {NewPort}")]
    public static partial void PortMoved(ILogger logger, int oldPort, int newPort);

    [LoggerMessage(5004, LogLevel.Warning, "OS user {User} cannot reach {Directory} (a folder above it is private); the managed cluster lives in {Fallback} instead")]
    public static partial void DirectoryUnreachable(ILogger logger, string directory, string user, string fallback);

    [LoggerMessage(5010, LogLevel.Information, "Applied migration {Migration} in {ElapsedMs} ms")]
    public static partial void MigrationApplied(ILogger logger, string migration, long elapsedMs);

    [LoggerMessage(5011, LogLevel.Debug, "Database {Target} is at migration {Version}")]
    public static partial void SchemaCurrent(ILogger logger, string target, int version);

    [LoggerMessage(5012, LogLevel.Information, "Migration {Migration} raced another database's migration on a server-wide role ({SqlState}); retrying")]
    public static partial void MigrationRetried(ILogger logger, string migration, string sqlState);
}
