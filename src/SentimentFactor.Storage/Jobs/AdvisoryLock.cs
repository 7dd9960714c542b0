using Dapper;
using Npgsql;

namespace SentimentFactor.Storage.Jobs;

/// <summary>
/// A session advisory lock taken by <see cref="JobRunStore.TryLockAsync"/>, held on a connection of its own.
/// Disposing it releases the lock and closes that connection.
/// </summary>
public sealed class AdvisoryLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly long _key;
    private bool _disposed;

    internal AdvisoryLock(NpgsqlConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>Releases the lock and closes its connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await _connection.ExecuteScalarAsync<bool>(new CommandDefinition(JobRunSql.Unlock, new { Key = _key }, cancellationToken: CancellationToken.None));
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The session may still hold the lock: keep it out of the pool so closing it ends the session.
            NpgsqlConnection.ClearPool(_connection);
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
