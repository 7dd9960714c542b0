using System.Text.Json;

namespace SentimentFactor.Storage.Cluster;

/// <summary>What sf remembers of the cluster it made: cluster.json beside the data folder (mode 600).</summary>
internal sealed record ClusterState(int Port, string Superuser, string Password, DateTimeOffset CreatedAt)
{
    public const string FileName = "cluster.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static ClusterState Read(string clusterDirectory) =>
        JsonSerializer.Deserialize<ClusterState>(File.ReadAllText(Path.Combine(clusterDirectory, FileName)), Json)
        ?? throw StorageException.FolderNotACluster(clusterDirectory);

    public void Write(string clusterDirectory)
    {
        var path = Path.Combine(clusterDirectory, FileName);
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
        UnixPermissions.Set(path, UnixPermissions.OwnerReadWrite);
    }
}
