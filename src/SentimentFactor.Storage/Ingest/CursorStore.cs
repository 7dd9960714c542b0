using Dapper;
using Npgsql;
using SentimentFactor.Core.Records;

namespace SentimentFactor.Storage.Ingest;

/// <summary>Reads and writes sf.ingest_cursors. Pages save their cursor through <see cref="PostStore.WritePageAsync"/>.</summary>
public sealed class CursorStore
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the store over the process's data source (not owned).</summary>
    public CursorStore(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
    }

    /// <summary>The saved position of (<paramref name="source"/>, <paramref name="query"/>), or null when none.</summary>
    public async Task<string?> GetAsync(string source, string query, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>(
            new CommandDefinition(CursorSql.Get, new { Source = source, Query = query }, cancellationToken: cancellationToken));
    }

    /// <summary>Saves a position on its own (no posts with it).</summary>
    public async Task SaveAsync(CursorUpdate cursor, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            CursorSql.Save, new { cursor.Source, cursor.Query, cursor.Position }, cancellationToken: cancellationToken));
    }

    /// <summary>Forgets the position of (<paramref name="source"/>, <paramref name="query"/>).</summary>
    public async Task DeleteAsync(string source, string query, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            CursorSql.Delete, new { Source = source, Query = query }, cancellationToken: cancellationToken));
    }

    /// <summary>The gaps recorded for (<paramref name="source"/>, <paramref name="query"/>), oldest first.</summary>
    public async Task<IReadOnlyList<IngestGap>> GapsAsync(string source, string query, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(DateTime? From, DateTime To, string? StaleSinceId, string Reason)>(
            new CommandDefinition(CursorSql.ListGaps, new { Source = source, Query = query }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new IngestGap(
            r.From is { } from ? new DateTimeOffset(DateTime.SpecifyKind(from, DateTimeKind.Utc)) : null,
            new DateTimeOffset(DateTime.SpecifyKind(r.To, DateTimeKind.Utc)),
            r.StaleSinceId,
            r.Reason))];
    }
}
