using System.Net;
using System.Net.Sockets;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SentimentFactor.Storage;
using SentimentFactor.Storage.Cluster;
using Xunit;

namespace SentimentFactor.Storage.Tests.Cluster;

/// <summary>Each test makes a real cluster of its own under /tmp (initdb + start takes about a second).</summary>
public sealed class ManagedClusterTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sf-cluster-tests", Guid.NewGuid().ToString("N")[..8]);
    private readonly List<ManagedCluster> _started = [];

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var cluster in _started)
        {
            await cluster.StopAsync(CancellationToken.None);
        }

        Directory.Delete(_root, recursive: true);
    }

    private ManagedCluster Cluster(int port = 0, string folder = "pg", string? serverUser = null)
    {
        var options = new DatabaseOptions { DataDirectory = folder, Port = port };
        if (serverUser is not null)
        {
            options.ServerUser = serverUser;
        }

        var cluster = new ManagedCluster(options, _root, NullLogger.Instance);
        _started.Add(cluster);
        return cluster;
    }

    [Fact]
    public async Task Cluster_is_created_once_reused_and_keeps_data_across_stop_and_start()
    {
        var cluster = Cluster();
        var first = await cluster.EnsureStartedAsync(CancellationToken.None);
        await using (var connection = new NpgsqlConnection(first.Connection.ConnectionString))
        {
            await connection.ExecuteAsync("CREATE TABLE kept (x int); INSERT INTO kept VALUES (42);");
        }

        var again = await cluster.EnsureStartedAsync(CancellationToken.None);
        Assert.Equal(first.Connection.Port, again.Connection.Port);
        Assert.True(await cluster.StopAsync(CancellationToken.None));
        Assert.False(await cluster.StopAsync(CancellationToken.None));
        Assert.False((await cluster.DescribeAsync(CancellationToken.None)).Running);

        var restarted = await cluster.EnsureStartedAsync(CancellationToken.None);
        await using var reconnect = new NpgsqlConnection(restarted.Connection.ConnectionString);
        Assert.Equal(42, await reconnect.ExecuteScalarAsync<int>("SELECT x FROM kept"));
        Assert.Equal("127.0.0.1", restarted.Connection.Host);
        Assert.Empty(Directory.GetDirectories(_root, "pg.init-*"));
    }

    [Fact]
    public async Task A_taken_automatic_port_moves_the_cluster_to_a_free_one()
    {
        var cluster = Cluster();
        var first = await cluster.EnsureStartedAsync(CancellationToken.None);
        await cluster.StopAsync(CancellationToken.None);
        using var squatter = new TcpListener(IPAddress.Loopback, first.Connection.Port);
        squatter.Start();

        var moved = await cluster.EnsureStartedAsync(CancellationToken.None);

        Assert.NotEqual(first.Connection.Port, moved.Connection.Port);
        await using var connection = new NpgsqlConnection(moved.Connection.ConnectionString);
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT 1"));
    }

    [Fact]
    public async Task A_taken_configured_port_is_an_error_naming_the_key()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var cluster = Cluster(port: port);

        var error = await Assert.ThrowsAsync<StorageException>(() => cluster.EnsureStartedAsync(CancellationToken.None));

        Assert.Contains($"Port {port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Database:Port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_that_is_not_an_sf_cluster_is_left_alone()
    {
        var folder = Path.Combine(_root, "pg");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "mine");
        var cluster = Cluster();

        var error = await Assert.ThrowsAsync<StorageException>(() => cluster.EnsureStartedAsync(CancellationToken.None));

        Assert.Contains("is not a cluster made by sf", error.Message, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Under_root_a_missing_server_user_fails_before_anything_is_created()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            // Only root runs the server as another user; as a normal user the server runs as ourselves.
            return;
        }

        var cluster = Cluster(serverUser: "sf_no_such_user");

        var error = await Assert.ThrowsAsync<StorageException>(() => cluster.EnsureStartedAsync(CancellationToken.None));

        Assert.Contains("'sf_no_such_user'", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "pg")));
        Assert.Empty(Directory.GetDirectories(_root, "pg.init-*"));
    }

    [Fact]
    public async Task Under_root_a_folder_owned_by_another_user_is_refused_with_the_fix()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return;
        }

        var folder = Path.Combine(_root, "pg");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, ClusterState.FileName), "{}");
        await RunAsync("chown", "nobody", folder);
        var cluster = Cluster();

        var error = await Assert.ThrowsAsync<StorageException>(() => cluster.EnsureStartedAsync(CancellationToken.None));

        Assert.Contains("belongs to OS user 'nobody'", error.Message, StringComparison.Ordinal);
        Assert.Contains("chown -R postgres", error.Message, StringComparison.Ordinal);
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(program, arguments);
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
    }
}
