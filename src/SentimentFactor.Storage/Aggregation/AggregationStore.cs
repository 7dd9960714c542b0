using Npgsql;
using NpgsqlTypes;
using SentimentFactor.Core.Calendar;

namespace SentimentFactor.Storage.Aggregation;

/// <summary>
/// Owns sf.trading_calendar and sf.daily_sentiment: materialises <see cref="NasdaqCalendar"/> into the
/// database and recomputes a model's daily rows for a batch of trading days in one transaction.
/// </summary>
public sealed class AggregationStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _commandTimeoutSeconds;
    private readonly int _workMemMegabytes;
    private readonly bool _countRetweets;

    /// <summary>Creates the store over the process's data source (not owned).</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="commandTimeout">Limit for one statement (a batch of days).</param>
    /// <param name="workMemMegabytes">PostgreSQL work_mem for the recompute transaction, in MiB.</param>
    /// <param name="countRetweets">Whether retweets enter the positive/neutral/negative counts (Aggregation:CountRetweets); they are always in n_retweets.</param>
    public AggregationStore(NpgsqlDataSource dataSource, TimeSpan commandTimeout, int workMemMegabytes, bool countRetweets = false)
    {
        _countRetweets = countRetweets;
        _dataSource = dataSource;
        _commandTimeoutSeconds = (int)Math.Ceiling(commandTimeout.TotalSeconds);
        _workMemMegabytes = workMemMegabytes;
    }

    /// <summary>
    /// Writes every day of <paramref name="calendar"/> into sf.trading_calendar (binary COPY into a temp table,
    /// then one upsert that touches only changed rows). Returns the number of rows inserted or changed.
    /// </summary>
    public async Task<long> SyncCalendarAsync(NasdaqCalendar calendar, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, AggregationSql.CreateCalendarStage, cancellationToken);
        await using (var importer = await connection.BeginBinaryImportAsync(AggregationSql.CopyCalendarStage, cancellationToken))
        {
            foreach (var day in calendar.Days(NasdaqCalendar.FirstDay, NasdaqCalendar.LastDay))
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(day.Day, NpgsqlDbType.Date, cancellationToken);
                await importer.WriteAsync(day.IsTradingDay, NpgsqlDbType.Boolean, cancellationToken);
                await WriteNullableAsync(importer, day.CloseUtc, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(day.IsEarlyClose, NpgsqlDbType.Boolean, cancellationToken);
                await WriteNullableAsync(importer, day.ClosedFor, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(importer, day.NextTradingDay, NpgsqlDbType.Date, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        var changed = await ExecuteAsync(connection, transaction, AggregationSql.MergeCalendar, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    /// <summary>Models that have at least one row in sf.post_scores, ordered by id.</summary>
    public async Task<IReadOnlyList<string>> ModelsWithScoresAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(AggregationSql.ModelsWithScores);
        var models = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            models.Add(reader.GetString(0));
        }

        return models;
    }

    /// <summary>The model's labels from sf.models; <c>null</c> when the model is not registered.</summary>
    public async Task<string[]?> ModelLabelsAsync(string modelId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(AggregationSql.ModelLabels);
        command.Parameters.AddWithValue("ModelId", modelId);
        return await command.ExecuteScalarAsync(cancellationToken) as string[];
    }

    /// <summary>True when sf.post_scores has a row of the model.</summary>
    public async Task<bool> HasScoresAsync(string modelId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(AggregationSql.HasScores);
        command.Parameters.AddWithValue("ModelId", modelId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>created_at of the model's first and last scored post; <c>null</c> when it scored none.</summary>
    public async Task<(DateTimeOffset First, DateTimeOffset Last)?> ScoredSpanAsync(
        string modelId, CancellationToken cancellationToken)
    {
        var first = await ScalarInstantAsync(AggregationSql.FirstScoredPost, modelId, cancellationToken);
        var last = await ScalarInstantAsync(AggregationSql.LastScoredPost, modelId, cancellationToken);
        return first is { } f && last is { } l ? (f, l) : null;
    }

    /// <summary>
    /// Replaces the model's sf.daily_sentiment rows of the trading days <paramref name="from"/>..<paramref name="to"/>
    /// with rows recomputed from the posts created in [<paramref name="windowStart"/>, <paramref name="windowEnd"/>):
    /// delete and insert in one transaction, so readers see the old rows or the new, and a rerun writes the same.
    /// Requires sf.trading_calendar to be synced. Returns the rows written.
    /// </summary>
    public async Task<long> RecomputeDaysAsync(
        string modelId,
        DateOnly from,
        DateOnly to,
        DateTimeOffset windowStart,
        DateTimeOffset windowEnd,
        DateTimeOffset computedAt,
        CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var settings = new NpgsqlCommand(AggregationSql.LockModel, connection, transaction))
        {
            settings.CommandTimeout = _commandTimeoutSeconds;
            settings.Parameters.AddWithValue("ModelId", modelId);
            settings.Parameters.AddWithValue("WorkMem", $"{_workMemMegabytes}MB");
            await settings.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var delete = new NpgsqlCommand(AggregationSql.DeleteDays, connection, transaction))
        {
            delete.CommandTimeout = _commandTimeoutSeconds;
            delete.Parameters.AddWithValue("ModelId", modelId);
            delete.Parameters.AddWithValue("From", from);
            delete.Parameters.AddWithValue("To", to);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        long written;
        await using (var insert = new NpgsqlCommand(AggregationSql.InsertDays, connection, transaction))
        {
            insert.CommandTimeout = _commandTimeoutSeconds;
            insert.Parameters.AddWithValue("ModelId", modelId);
            insert.Parameters.AddWithValue("From", from);
            insert.Parameters.AddWithValue("To", to);
            insert.Parameters.AddWithValue("WindowStart", windowStart.ToUniversalTime());
            insert.Parameters.AddWithValue("WindowEnd", windowEnd.ToUniversalTime());
            insert.Parameters.AddWithValue("ComputedAt", computedAt.ToUniversalTime());
            insert.Parameters.AddWithValue("CountRetweets", _countRetweets);
            written = await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    /// <summary>The days on which sf.market_bars has a bar of <paramref name="symbol"/>, ascending.</summary>
    public async Task<IReadOnlyList<DateOnly>> BarDaysAsync(string symbol, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(AggregationSql.BarDays);
        command.Parameters.AddWithValue("Symbol", symbol);
        var days = new List<DateOnly>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(reader.GetFieldValue<DateOnly>(0));
        }

        return days;
    }

    private async Task<DateTimeOffset?> ScalarInstantAsync(string sql, string modelId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.CommandTimeout = _commandTimeoutSeconds;
        command.Parameters.AddWithValue("ModelId", modelId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? reader.GetFieldValue<DateTimeOffset>(0) : null;
    }

    private static async Task<int> ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Task WriteNullableAsync<T>(
        NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct =>
        value is { } v ? importer.WriteAsync(v, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);

    private static Task WriteNullableAsync(
        NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is not null ? importer.WriteAsync(value, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);
}
