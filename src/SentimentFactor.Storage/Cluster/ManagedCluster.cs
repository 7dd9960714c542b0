using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SentimentFactor.Storage.Cluster;

/// <summary>
/// sf's private PostgreSQL cluster: made with the machine's initdb under a folder of its own, listening on a
/// loopback port with a generated password, run as an unprivileged OS user, reused between commands.
/// </summary>
public sealed class ManagedCluster
{
    private const string DataFolder = "data";
    private const string LogFile = "server.log";
    private const string Superuser = "sf";

    private readonly DatabaseOptions _options;
    private readonly string _contentRoot;
    private readonly ILogger _logger;

    /// <param name="options">Database options; DataDirectory is taken relative to <paramref name="contentRoot"/>.</param>
    /// <param name="contentRoot">The repository root (where appsettings.json lives).</param>
    /// <param name="logger">Where to say what was created, started or moved.</param>
    public ManagedCluster(DatabaseOptions options, string contentRoot, ILogger logger)
    {
        _options = options;
        _contentRoot = contentRoot;
        _logger = logger;
    }

    /// <summary>The OS user the server runs as: <see cref="DatabaseOptions.ServerUser"/> under root, else ourselves.</summary>
    public string? ServerUser => Environment.IsPrivilegedProcess ? _options.ServerUser : null;

    /// <summary>The configured folder, before any fallback.</summary>
    public string ConfiguredDirectory => Path.GetFullPath(_options.DataDirectory, _contentRoot);

    /// <summary>Creates the cluster the first time, starts it when it is down, makes sure the database exists.</summary>
    public async Task<DatabaseTarget> EnsureStartedAsync(CancellationToken cancellationToken)
    {
        var binaries = PostgresBinaries.Locate();
        using var clusterLock = await ClusterLock.AcquireAsync(ConfiguredDirectory + ".lock", TimeSpan.FromMinutes(2), cancellationToken);
        var directory = await ResolveDirectoryAsync(create: true, cancellationToken);
        if (await InspectFolderAsync(directory, cancellationToken) == FolderKind.Missing)
        {
            await InitializeAsync(binaries, directory, cancellationToken);
        }

        var state = ClusterState.Read(directory);
        if (!await IsRunningAsync(binaries, directory, cancellationToken))
        {
            state = await ChoosePortAsync(directory, state);
            await StartServerAsync(binaries, directory, cancellationToken);
        }

        var target = TargetOf(directory, state);
        await EnsureDatabaseAsync(target, cancellationToken);
        return target;
    }

    /// <summary>Stops the server if it runs; returns false when it was not running (or never created).</summary>
    public async Task<bool> StopAsync(CancellationToken cancellationToken)
    {
        var directory = await ResolveDirectoryAsync(create: false, cancellationToken);
        if (!File.Exists(Path.Combine(directory, ClusterState.FileName)))
        {
            return false;
        }

        var binaries = PostgresBinaries.Locate();
        if (!await IsRunningAsync(binaries, directory, cancellationToken))
        {
            return false;
        }

        var result = await RunToolAsync(binaries.PgCtl, ["-D", Path.Combine(directory, DataFolder), "-m", "fast", "-w", "stop"], directory, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw StorageException.ToolFailed("pg_ctl stop", result.ExitCode, result.Output);
        }

        // Pooled connections to the old server are dead now; don't hand them out after a restart.
        NpgsqlConnection.ClearAllPools();
        Log.ClusterStopped(_logger, directory);
        return true;
    }

    /// <summary>Where the cluster is and whether it runs, without creating or starting anything.</summary>
    public async Task<ManagedClusterInfo> DescribeAsync(CancellationToken cancellationToken)
    {
        var directory = await ResolveDirectoryAsync(create: false, cancellationToken);
        if (!File.Exists(Path.Combine(directory, ClusterState.FileName)))
        {
            return new ManagedClusterInfo(directory, Exists: false, Running: false, Port: null);
        }

        var running = await IsRunningAsync(PostgresBinaries.Locate(), directory, cancellationToken);
        return new ManagedClusterInfo(directory, Exists: true, running, ClusterState.Read(directory).Port);
    }

    /// <summary>The connection of a cluster that already runs, or null (nothing is started).</summary>
    public async Task<DatabaseTarget?> TryGetRunningTargetAsync(CancellationToken cancellationToken)
    {
        var info = await DescribeAsync(cancellationToken);
        return info.Running ? TargetOf(info.Directory, ClusterState.Read(info.Directory)) : null;
    }

    private DatabaseTarget TargetOf(string directory, ClusterState state)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = state.Port,
            Username = state.Superuser,
            Password = state.Password,
            Database = _options.Name,
        };
        return new DatabaseTarget(builder, IsManaged: true, Origin: directory);
    }

    /// <summary>
    /// The configured folder, unless the server's OS user cannot reach it (a private folder above it, as when
    /// CI clones under /root): then a folder of ours under /var/lib/sentimentfactor, named after the checkout.
    /// </summary>
    private async Task<string> ResolveDirectoryAsync(bool create, CancellationToken cancellationToken)
    {
        var configured = ConfiguredDirectory;
        var user = ServerUser;
        if (user is null)
        {
            return configured;
        }

        var parent = Path.GetDirectoryName(configured)!;
        if (create)
        {
            Directory.CreateDirectory(parent);
        }

        if (!Directory.Exists(parent) || await CanReachAsync(user, parent, cancellationToken))
        {
            return configured;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(configured)))[..10];
        var fallbackParent = Path.Combine("/var/lib/sentimentfactor", $"{Path.GetFileName(_contentRoot)}-{hash}");
        var fallback = Path.Combine(fallbackParent, Path.GetFileName(configured));
        if (create && !Directory.Exists(fallbackParent))
        {
            Directory.CreateDirectory(fallbackParent);
            UnixPermissions.Set("/var/lib/sentimentfactor", UnixPermissions.Traversable);
            UnixPermissions.Set(fallbackParent, UnixPermissions.Traversable);
            Log.DirectoryUnreachable(_logger, configured, user, fallback);
        }

        return fallback;
    }

    private static async Task<bool> CanReachAsync(string user, string directory, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync("test", ["-x", directory], user, "/", cancellationToken);
        return result.ExitCode == 0;
    }

    private async Task InitializeAsync(PostgresBinaries binaries, string directory, CancellationToken cancellationToken)
    {
        var user = ServerUser;
        if (user is not null && (await ProcessRunner.RunAsync("id", ["-u", user], null, "/", cancellationToken)).ExitCode != 0)
        {
            throw StorageException.ServerUserMissing(user);
        }

        // Built beside its final place and renamed at the end, so a failed or killed init leaves nothing behind.
        var staging = $"{directory}.init-{Environment.ProcessId}";
        foreach (var stale in Directory.GetDirectories(Path.GetDirectoryName(directory)!, Path.GetFileName(directory) + ".init-*"))
        {
            Directory.Delete(stale, recursive: true);
        }

        try
        {
            Directory.CreateDirectory(staging);
            UnixPermissions.Set(staging, UnixPermissions.OwnerOnly);
            var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            var passwordFile = Path.Combine(staging, "pwfile");
            await File.WriteAllTextAsync(passwordFile, password + "\n", cancellationToken);
            await ChownAsync(staging, cancellationToken);

            // Collation C sorts exactly as glibc's C.UTF-8 (code point order) but PostgreSQL compares with memcmp
            // instead of strcoll: every key comparison of sf.posts' (source, post_id) index got cheaper, about a
            // fifth less server time per ingested post (docs/ingest.md). Character classes, upper/lower stay C.UTF-8.
            var result = await RunToolAsync(
                binaries.InitDb,
                ["-D", Path.Combine(staging, DataFolder), "-U", Superuser, "--pwfile", passwordFile,
                 "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--lc-collate=C", "--no-instructions"],
                staging,
                cancellationToken);
            File.Delete(passwordFile);
            if (result.ExitCode != 0)
            {
                throw StorageException.ToolFailed("initdb", result.ExitCode, result.Output);
            }

            var port = _options.Port != 0 ? _options.Port : FreeLoopbackPort();
            WriteServerSettings(Path.Combine(staging, DataFolder), port);
            await File.AppendAllTextAsync(Path.Combine(staging, DataFolder, "postgresql.conf"), "\ninclude_if_exists = 'sf.conf'\n", cancellationToken);
            await ChownAsync(staging, cancellationToken);
            new ClusterState(port, Superuser, password, DateTimeOffset.UtcNow).Write(staging);
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory); // empty, checked by InspectFolderAsync
            }

            Directory.Move(staging, directory);
            Log.ClusterCreated(_logger, directory, port);
        }
        catch
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            throw;
        }
    }

    /// <summary>sf's own settings, in a file postgresql.conf includes: loopback only, no unix socket, UTC.</summary>
    private static void WriteServerSettings(string dataDirectory, int port)
    {
        var settings = $"""
            # Written by sf; the port changes when the old one is taken by another program.
            listen_addresses = '127.0.0.1'
            port = {port}
            unix_socket_directories = ''
            max_connections = 200
            timezone = 'UTC'
            log_timezone = 'UTC'
            """;
        File.WriteAllText(Path.Combine(dataDirectory, "sf.conf"), settings + "\n");
    }

    private async Task<ClusterState> ChoosePortAsync(string directory, ClusterState state)
    {
        var wanted = _options.Port != 0 ? _options.Port : state.Port;
        if (!IsPortFree(wanted))
        {
            if (_options.Port != 0)
            {
                throw StorageException.PortInUse(wanted);
            }

            var replacement = FreeLoopbackPort();
            Log.PortMoved(_logger, wanted, replacement);
            wanted = replacement;
        }

        if (wanted == state.Port)
        {
            return state;
        }

        var moved = state with { Port = wanted };
        WriteServerSettings(Path.Combine(directory, DataFolder), wanted);
        await ChownAsync(Path.Combine(directory, DataFolder, "sf.conf"), CancellationToken.None);
        moved.Write(directory);
        return moved;
    }

    private async Task StartServerAsync(PostgresBinaries binaries, string directory, CancellationToken cancellationToken)
    {
        var logPath = Path.Combine(directory, LogFile);
        var timeout = ((int)_options.StartTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = await RunToolAsync(
            binaries.PgCtl,
            ["-D", Path.Combine(directory, DataFolder), "-l", logPath, "-w", "-t", timeout, "start"],
            directory,
            cancellationToken);
        if (result.ExitCode != 0)
        {
            var tail = File.Exists(logPath) ? string.Join('\n', File.ReadLines(logPath).TakeLast(5)) : result.Output;
            var reason = tail.Split('\n').LastOrDefault(line => line.Contains("FATAL", StringComparison.Ordinal) || line.Contains("ERROR", StringComparison.Ordinal))
                ?? result.Output;
            throw StorageException.ServerDidNotStart(logPath, reason);
        }

        Log.ClusterStarted(_logger, directory);
    }

    private async Task<bool> IsRunningAsync(PostgresBinaries binaries, string directory, CancellationToken cancellationToken)
    {
        var result = await RunToolAsync(binaries.PgCtl, ["-D", Path.Combine(directory, DataFolder), "status"], directory, cancellationToken);
        return result.ExitCode == 0;
    }

    private async Task EnsureDatabaseAsync(DatabaseTarget target, CancellationToken cancellationToken)
    {
        // Unpooled: a pooled connection could predate a restart of the server.
        var admin = new NpgsqlConnectionStringBuilder(target.WithDatabase("postgres").Connection.ConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = _options.Name });
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            // Name validated by DatabaseOptionsValidator as a plain identifier.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_options.Name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private enum FolderKind
    {
        Missing,
        Cluster,
    }

    /// <summary>Missing (or empty): ready to create. A cluster of ours: its owner is checked. Anything else: refused.</summary>
    private async Task<FolderKind> InspectFolderAsync(string directory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            return FolderKind.Missing;
        }

        bool empty;
        try
        {
            empty = !Directory.EnumerateFileSystemEntries(directory).Any();
        }
        catch (UnauthorizedAccessException)
        {
            await CheckOwnerAsync(directory, cancellationToken);
            throw;
        }

        if (File.Exists(Path.Combine(directory, ClusterState.FileName)))
        {
            await CheckOwnerAsync(directory, cancellationToken);
            return FolderKind.Cluster;
        }

        return empty ? FolderKind.Missing : throw StorageException.FolderNotACluster(directory);
    }

    private async Task CheckOwnerAsync(string directory, CancellationToken cancellationToken)
    {
        var expected = ServerUser ?? Environment.UserName;
        var result = await ProcessRunner.RunAsync("stat", ["-c", "%U", directory], null, "/", cancellationToken);
        var owner = result.Output.Trim();
        if (result.ExitCode == 0 && owner != expected)
        {
            throw StorageException.FolderOwnedByOther(directory, owner, expected);
        }
    }

    private Task<ProcessRunner.Result> RunToolAsync(string program, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(program, arguments, ServerUser, workingDirectory, cancellationToken);

    private async Task ChownAsync(string path, CancellationToken cancellationToken)
    {
        if (ServerUser is { } user)
        {
            var result = await ProcessRunner.RunAsync("chown", ["-R", user, path], null, "/", cancellationToken);
            if (result.ExitCode != 0)
            {
                throw StorageException.ToolFailed("chown", result.ExitCode, result.Output);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsPortFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// <summary>The managed cluster as seen from outside: folder, whether made, whether running, its port.</summary>
public sealed record ManagedClusterInfo(string Directory, bool Exists, bool Running, int? Port);
