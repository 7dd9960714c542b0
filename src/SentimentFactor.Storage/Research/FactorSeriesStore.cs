using Dapper;
using Npgsql;

namespace SentimentFactor.Storage.Research;

/// <summary>Reads what research regresses: a model's daily sentiment lined up with the benchmark's bars.</summary>
/// <param name="dataSource">The process's data source (not owned).</param>
public sealed class FactorSeriesStore(NpgsqlDataSource dataSource)
{
    /// <summary>The most recently registered model with daily sentiment rows for <paramref name="symbol"/>, or null.</summary>
    public async Task<RegressionModelInfo?> LatestModelWithFactorAsync(string symbol, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<RegressionModelInfo>(
            new CommandDefinition(ResearchSql.LatestModelWithFactor, new { Symbol = symbol }, cancellationToken: cancellationToken));
    }

    /// <summary>Models whose id is <paramref name="modelIdOrPrefix"/> or starts with it (at most two: enough to tell ambiguity).</summary>
    public async Task<IReadOnlyList<RegressionModelInfo>> ModelsByIdPrefixAsync(string modelIdOrPrefix, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RegressionModelInfo>(
            new CommandDefinition(ResearchSql.ModelsByIdPrefix, new { ModelId = modelIdOrPrefix }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>Whether the model has daily sentiment rows for the symbol.</summary>
    public async Task<bool> HasFactorRowsAsync(string modelId, string symbol, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(
            new CommandDefinition(ResearchSql.HasFactorRows, new { ModelId = modelId, Symbol = symbol }, cancellationToken: cancellationToken));
    }

    /// <summary>Every bar of <paramref name="benchmark"/> in day order, with the model's sentiment of the day where present.</summary>
    public async Task<IReadOnlyList<FactorSeriesRow>> ReadAsync(string modelId, string symbol, string benchmark, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            ResearchSql.FactorSeries, new { ModelId = modelId, Symbol = symbol, Benchmark = benchmark }, cancellationToken: cancellationToken));
        return rows
            .Select(r => new FactorSeriesRow(DateOnly.FromDateTime(r.Day), r.Close, r.AdjClose, r.NPos, r.NNeu, r.NNeg, r.NTotal, r.Bullishness))
            .ToList();
    }

    /// <summary>The model's daily bullishness for <paramref name="symbol"/> (every trading day it has a row for), in day order.</summary>
    public async Task<IReadOnlyList<(DateOnly Day, double Bullishness)>> DailyBullishnessAsync(string modelId, string symbol, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(DateOnly Day, double Bullishness, long Posts)>(new CommandDefinition(
            ResearchSql.DailyBullishness, new { ModelId = modelId, Symbol = symbol }, cancellationToken: cancellationToken));
        return rows.Select(r => (r.Day, r.Bullishness)).ToList();
    }

    /// <summary>
    /// How many days of <paramref name="symbol"/>'s sentiment (no other symbol's), with at least
    /// <paramref name="minPosts"/> posts and within [from, to], have no bar of the benchmark.
    /// </summary>
    public async Task<long> FactorDaysWithoutBarAsync(string modelId, string symbol, string benchmark, int minPosts, DateOnly? from, DateOnly? to,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            ResearchSql.FactorDaysWithoutBar,
            new
            {
                ModelId = modelId,
                Symbol = symbol,
                Benchmark = benchmark,
                MinPosts = minPosts,
                From = from?.ToDateTime(TimeOnly.MinValue),
                To = to?.ToDateTime(TimeOnly.MinValue),
            },
            cancellationToken: cancellationToken));
    }

    /// <summary>Dapper's view of a row (date arrives as DateTime).</summary>
    private sealed class Row
    {
        public DateTime Day { get; init; }

        public double Close { get; init; }

        public double? AdjClose { get; init; }

        public int? NPos { get; init; }

        public int? NNeu { get; init; }

        public int? NNeg { get; init; }

        public int? NTotal { get; init; }

        public double? Bullishness { get; init; }
    }
}
