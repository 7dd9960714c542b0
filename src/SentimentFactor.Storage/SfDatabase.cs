using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SentimentFactor.Storage.Cluster;
using SentimentFactor.Storage.Migrations;

namespace SentimentFactor.Storage;

/// <summary>
/// The process's one way to the database: the server SF_DB (ConnectionStrings:Postgres) names, else the
/// managed cluster, started on demand. Owns the process's single <see cref="NpgsqlDataSource"/>.
/// </summary>
public sealed class SfDatabase : IAsyncDisposable
{
    /// <summary>The configuration key SF_DB is mapped onto.</summary>
    public const string ConnectionStringKey = "ConnectionStrings:Postgres";

    private readonly string? _externalConnectionString;
    private readonly ILoggerFactory _loggerFactory;
    private readonly SemaphoreSlim _openGate = new(1, 1);
    private NpgsqlDataSource? _dataSource;
    private DatabaseTarget? _target;

    public SfDatabase(IConfiguration configuration, IOptions<DatabaseOptions> options, IHostEnvironment environment, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var configured = configuration[ConnectionStringKey];
        _externalConnectionString = string.IsNullOrWhiteSpace(configured) ? null : configured;
        _loggerFactory = loggerFactory;
        Cluster = new ManagedCluster(options.Value, environment.ContentRootPath, loggerFactory.CreateLogger<ManagedCluster>());
    }

    /// <summary>True when SF_DB / ConnectionStrings:Postgres names a server; sf then never starts or stops one.</summary>
    public bool IsExternal => _externalConnectionString is not null;

    /// <summary>Where the external setting came from, for messages.</summary>
    public static string ExternalOrigin => Environment.GetEnvironmentVariable("SF_DB") is { Length: > 0 } ? "SF_DB" : ConnectionStringKey;

    /// <summary>The managed cluster (unused when <see cref="IsExternal"/>).</summary>
    public ManagedCluster Cluster { get; }

    /// <summary>The target server, starting the managed cluster when needed. Nothing is migrated.</summary>
    public async ValueTask<DatabaseTarget> ResolveAsync(CancellationToken cancellationToken)
    {
        if (_target is not null)
        {
            return _target;
        }

        _target = _externalConnectionString is not null
            ? new DatabaseTarget(PostgresConnectionString.Parse(_externalConnectionString, ExternalOrigin), IsManaged: false, ExternalOrigin)
            : await Cluster.EnsureStartedAsync(cancellationToken);
        return _target;
    }

    /// <summary>
    /// The data source, after making sure the server answers and the schema is current (once per process).
    /// Disposed with this object.
    /// </summary>
    public async ValueTask<NpgsqlDataSource> OpenAsync(CancellationToken cancellationToken)
    {
        var dataSource = await OpenUnmigratedAsync(cancellationToken);
        await _openGate.WaitAsync(cancellationToken);
        try
        {
            if (!_migrated)
            {
                await SchemaMigrator.FromEmbedded(_loggerFactory).MigrateAsync(dataSource, cancellationToken);
                _migrated = true;
            }
        }
        finally
        {
            _openGate.Release();
        }

        return dataSource;
    }

    private bool _migrated;

    /// <summary>The data source after a connectivity check, schema untouched (for status and migrate).</summary>
    public async ValueTask<NpgsqlDataSource> OpenUnmigratedAsync(CancellationToken cancellationToken)
    {
        if (_dataSource is not null)
        {
            return _dataSource;
        }

        var target = await ResolveAsync(cancellationToken);
        var dataSource = NpgsqlDataSource.Create(target.Connection.ConnectionString);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            await dataSource.DisposeAsync();
            throw StorageException.Unreachable(target.Display, target.IsManaged ? "the managed cluster" : target.Origin, ex);
        }

        _dataSource = dataSource;
        return dataSource;
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        _openGate.Dispose();
    }
}
