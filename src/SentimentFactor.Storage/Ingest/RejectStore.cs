using Dapper;
using Npgsql;
using NpgsqlTypes;
using SentimentFactor.Core.Records;

namespace SentimentFactor.Storage.Ingest;

/// <summary>Reads and writes sf.ingest_rejects: records that could not become posts, with their raw bytes.</summary>
public sealed class RejectStore
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the store over the process's data source (not owned).</summary>
    public RejectStore(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
    }

    /// <summary>Writes <paramref name="rejects"/> by binary COPY in their own transaction.</summary>
    public async Task WriteAsync(IReadOnlyList<RejectRecord> rejects, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await CopyAsync(connection, rejects, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Every reject of <paramref name="source"/>, oldest first.</summary>
    public async Task<IReadOnlyList<RejectRecord>> ListAsync(string source, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RejectRow>(
            new CommandDefinition(RejectSql.ListBySource, new { Source = source }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new RejectRecord(r.Source, r.Reason, r.Payload, r.Location))];
    }

    /// <summary>Deletes every reject of <paramref name="source"/>; returns the count.</summary>
    public async Task<long> DeleteSourceAsync(string source, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(
            new CommandDefinition(RejectSql.DeleteBySource, new { Source = source }, cancellationToken: cancellationToken));
    }

    internal static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<RejectRecord> rejects, CancellationToken cancellationToken)
    {
        if (rejects.Count == 0)
        {
            return;
        }

        await using (var create = new NpgsqlCommand(RejectSql.CreateStage, connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var importer = await connection.BeginBinaryImportAsync(RejectSql.CopyStage, cancellationToken))
        {
            await WriteRowsAsync(importer, rejects, cancellationToken);
        }

        await using var merge = new NpgsqlCommand(RejectSql.Merge, connection);
        await merge.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WriteRowsAsync(NpgsqlBinaryImporter importer, IReadOnlyList<RejectRecord> rejects, CancellationToken cancellationToken)
    {
        foreach (var reject in rejects)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(reject.Source, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(reject.Reason, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(reject.Payload, NpgsqlDbType.Bytea, cancellationToken);
            if (reject.Location is null)
            {
                await importer.WriteNullAsync(cancellationToken);
            }
            else
            {
                await importer.WriteAsync(reject.Location, NpgsqlDbType.Text, cancellationToken);
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private sealed class RejectRow
    {
        public string Source { get; set; } = "";
        public string Reason { get; set; } = "";
        public byte[] Payload { get; set; } = [];
        public string? Location { get; set; }
    }
}
