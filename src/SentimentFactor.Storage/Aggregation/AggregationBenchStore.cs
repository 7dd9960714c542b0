using System.Data;
using Npgsql;
using SentimentFactor.Core.Calendar;
using SentimentFactor.Core.Factors;

namespace SentimentFactor.Storage.Aggregation;

/// <summary>
/// Data and baseline of `sf bench aggregate`. Meant for a throw-away database: it drops the symbols GIN index.
/// </summary>
public sealed class AggregationBenchStore
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the store over a benchmark database's data source (not owned).</summary>
    public AggregationBenchStore(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
    }

    /// <summary>
    /// Generates <paramref name="posts"/> posts spread over [<paramref name="windowStart"/>, <paramref name="windowEnd"/>)
    /// and one score each by <paramref name="modelId"/>, inside PostgreSQL (INSERT .. SELECT generate_series), then
    /// analyzes the tables. Returns the posts inserted.
    /// </summary>
    public async Task<long> GenerateAsync(
        string modelId, long posts, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, AggregationBenchSql.AddModel, c => c.Parameters.AddWithValue("ModelId", modelId), cancellationToken);
        var inserted = await ExecuteAsync(connection, AggregationBenchSql.GeneratePosts, c =>
        {
            c.Parameters.AddWithValue("Posts", posts);
            c.Parameters.AddWithValue("WindowStart", windowStart.ToUniversalTime());
            c.Parameters.AddWithValue("WindowEnd", windowEnd.ToUniversalTime());
        }, cancellationToken);
        await ExecuteAsync(connection, AggregationBenchSql.GenerateScores, c => c.Parameters.AddWithValue("ModelId", modelId), cancellationToken);
        await ExecuteAsync(connection, AggregationBenchSql.Analyze, null, cancellationToken);
        return inserted;
    }

    /// <summary>
    /// The baseline: streams every scored post of <paramref name="modelId"/> to this process and aggregates it here
    /// (assignment by <see cref="NasdaqCalendar.TradingDayFor"/>, counts per day and symbol), writing nothing.
    /// Returns the number of (day, symbol) groups.
    /// </summary>
    public async Task<int> ClientSideAggregateAsync(string modelId, NasdaqCalendar calendar, CancellationToken cancellationToken)
    {
        var groups = new Dictionary<(DateOnly Day, string Symbol), Tally>();
        await using var command = _dataSource.CreateCommand(AggregationBenchSql.ReadScoredPosts);
        command.CommandTimeout = 0;
        command.Parameters.AddWithValue("ModelId", modelId);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var day = calendar.TradingDayFor(reader.GetFieldValue<DateTimeOffset>(0));
            var symbols = reader.GetFieldValue<string[]>(1);
            var label = reader.GetString(2);
            var (pNeg, pNeu, pPos) = (reader.GetFloat(3), reader.GetFloat(4), reader.GetFloat(5));
            Add(groups, (day, "*"), label, pNeg, pNeu, pPos);
            foreach (var symbol in symbols)
            {
                Add(groups, (day, symbol), label, pNeg, pNeu, pPos);
            }
        }

        // Finish as the SQL does: the factor formulas per group.
        var checksum = groups.Values.Sum(t => SentimentFactors.Bullishness(t.Positive, t.Negative));
        return double.IsNaN(checksum) ? 0 : groups.Count;
    }

    private static void Add(
        Dictionary<(DateOnly, string), Tally> groups, (DateOnly, string) key, string label, float pNeg, float pNeu, float pPos)
    {
        if (!groups.TryGetValue(key, out var tally))
        {
            tally = new Tally();
            groups[key] = tally;
        }

        tally.Total++;
        if (label.Equals(SentimentFactors.Positive, StringComparison.OrdinalIgnoreCase))
        {
            tally.Positive++;
        }
        else if (label.Equals(SentimentFactors.Negative, StringComparison.OrdinalIgnoreCase))
        {
            tally.Negative++;
        }

        tally.SumNeg += pNeg;
        tally.SumNeu += pNeu;
        tally.SumPos += pPos;
    }

    private static async Task<int> ExecuteAsync(
        NpgsqlConnection connection, string sql, Action<NpgsqlCommand>? bind, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        bind?.Invoke(command);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class Tally
    {
        public int Total { get; set; }

        public int Positive { get; set; }

        public int Negative { get; set; }

        public double SumNeg { get; set; }

        public double SumNeu { get; set; }

        public double SumPos { get; set; }
    }
}
