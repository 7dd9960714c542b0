namespace SentimentFactor.Storage.Cluster;

/// <summary>
/// An exclusive lock between processes (the CLI, parallel test assemblies) around creating and starting the
/// cluster; .NET takes an advisory flock for FileShare.None on Linux.
/// </summary>
internal sealed class ClusterLock : IDisposable
{
    private readonly FileStream _stream;

    private ClusterLock(FileStream stream) => _stream = stream;

    public static async Task<ClusterLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var started = DateTime.UtcNow;
        while (true)
        {
            try
            {
                return new ClusterLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow - started < timeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
            catch (IOException)
            {
                throw StorageException.ClusterBusy(path, DateTime.UtcNow - started);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
