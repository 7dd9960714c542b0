using Dapper;
using Npgsql;
using NpgsqlTypes;
using SentimentFactor.Core.Records;

namespace SentimentFactor.Storage.Ingest;

/// <summary>Writes sf.market_bars: binary COPY into staging, then one upsert by (symbol, day).</summary>
public sealed class MarketBarStore
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the store over the process's data source (not owned).</summary>
    public MarketBarStore(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
    }

    /// <summary>
    /// Upserts <paramref name="bars"/> in one transaction: a new day is inserted, a day whose values differ is
    /// replaced (a corrected bar wins), an equal day is left alone. A day repeated in the input keeps its last row.
    /// </summary>
    public async Task<MarketBarWriteResult> UpsertAsync(IReadOnlyList<MarketBar> bars, CancellationToken cancellationToken)
    {
        if (bars.Count == 0)
        {
            return default;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(MarketBarSql.CreateStage, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var importer = await connection.BeginBinaryImportAsync(MarketBarSql.CopyStage, cancellationToken))
        {
            foreach (var bar in bars)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(bar.Symbol, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(bar.Day, NpgsqlDbType.Date, cancellationToken);
                await WriteAsync(importer, bar.Open, cancellationToken);
                await WriteAsync(importer, bar.High, cancellationToken);
                await WriteAsync(importer, bar.Low, cancellationToken);
                await importer.WriteAsync(bar.Close, NpgsqlDbType.Double, cancellationToken);
                await WriteAsync(importer, bar.AdjClose, cancellationToken);
                if (bar.Volume is { } volume)
                {
                    await importer.WriteAsync(volume, NpgsqlDbType.Bigint, cancellationToken);
                }
                else
                {
                    await importer.WriteNullAsync(cancellationToken);
                }

                if (bar.Source is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await importer.WriteAsync(bar.Source, NpgsqlDbType.Text, cancellationToken);
                }
            }

            await importer.CompleteAsync(cancellationToken);
        }

        var counts = await connection.QuerySingleAsync<(long Inserted, long Updated, long Unchanged)>(
            new CommandDefinition(MarketBarSql.Upsert, transaction: transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new MarketBarWriteResult(counts.Inserted, counts.Updated, counts.Unchanged);
    }

    /// <summary>Every stored bar of <paramref name="symbol"/>, oldest day first.</summary>
    public async Task<IReadOnlyList<MarketBar>> ListAsync(string symbol, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(MarketBarSql.ListBySymbol, connection);
        command.Parameters.AddWithValue("Symbol", symbol);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var bars = new List<MarketBar>();
        while (await reader.ReadAsync(cancellationToken))
        {
            bars.Add(new MarketBar(
                reader.GetString(0),
                reader.GetFieldValue<DateOnly>(1),
                reader.IsDBNull(2) ? null : reader.GetDouble(2),
                reader.IsDBNull(3) ? null : reader.GetDouble(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4),
                reader.GetDouble(5),
                reader.IsDBNull(6) ? null : reader.GetDouble(6),
                reader.IsDBNull(7) ? null : reader.GetInt64(7),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return bars;
    }

    private static async Task WriteAsync(NpgsqlBinaryImporter importer, double? value, CancellationToken cancellationToken)
    {
        if (value is { } v)
        {
            await importer.WriteAsync(v, NpgsqlDbType.Double, cancellationToken);
        }
        else
        {
            await importer.WriteNullAsync(cancellationToken);
        }
    }
}
