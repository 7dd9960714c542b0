using Dapper;
using Npgsql;

namespace SentimentFactor.Storage.Research;

/// <summary>Reads the cross-section: each symbol's daily sentiment and its own bars; stores cross-section runs.</summary>
/// <param name="dataSource">The process's data source (not owned).</param>
public sealed class PanelStore(NpgsqlDataSource dataSource)
{
    /// <summary>The most recently registered model with per-symbol sentiment for symbols that have bars, or null.</summary>
    public async Task<RegressionModelInfo?> LatestModelWithPanelAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<RegressionModelInfo>(
            new CommandDefinition(ResearchSql.LatestModelWithPanel, cancellationToken: cancellationToken));
    }

    /// <summary>Symbols with the model's daily sentiment and with bars, in name order.</summary>
    public async Task<IReadOnlyList<string>> SymbolsAsync(string modelId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(
            new CommandDefinition(ResearchSql.PanelSymbols, new { ModelId = modelId }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>The model's daily sentiment rows of <paramref name="symbols"/>.</summary>
    public async Task<IReadOnlyList<PanelSentimentRow>> ReadSentimentAsync(string modelId, IReadOnlyList<string> symbols, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SentimentRow>(new CommandDefinition(
            ResearchSql.PanelSentiment, new { ModelId = modelId, Symbols = symbols.ToArray() }, cancellationToken: cancellationToken));
        return rows.Select(r => new PanelSentimentRow(r.Symbol, DateOnly.FromDateTime(r.Day), r.NPos, r.NNeu, r.NNeg, r.NTotal, r.Bullishness)).ToList();
    }

    /// <summary>Every bar of <paramref name="symbols"/>.</summary>
    public async Task<IReadOnlyList<PanelBarRow>> ReadBarsAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<BarRow>(new CommandDefinition(
            ResearchSql.PanelBars, new { Symbols = symbols.ToArray() }, cancellationToken: cancellationToken));
        return rows.Select(r => new PanelBarRow(r.Symbol, DateOnly.FromDateTime(r.Day), r.Close, r.AdjClose)).ToList();
    }

    /// <summary>Stores a cross-section run; returns its id and the database's creation time (UTC).</summary>
    public async Task<(long RunId, DateTimeOffset CreatedAt)> InsertRunAsync(NewCrossSectionRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<Inserted>(new CommandDefinition(ResearchSql.InsertCrossSectionRun, new
        {
            run.ModelId,
            run.Factor,
            run.Horizon,
            run.Symbols,
            FirstDay = run.FirstDay.ToDateTime(TimeOnly.MinValue),
            LastDay = run.LastDay.ToDateTime(TimeOnly.MinValue),
            run.Observations,
            Spec = run.SpecJson,
            Results = run.ResultsJson,
            run.CodeVersion,
        }, cancellationToken: cancellationToken));
        return (row.RunId, new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc)));
    }

    /// <summary>Dapper's view of a sentiment row (date arrives as DateTime).</summary>
    private sealed class SentimentRow
    {
        public string Symbol { get; init; } = "";

        public DateTime Day { get; init; }

        public int NPos { get; init; }

        public int NNeu { get; init; }

        public int NNeg { get; init; }

        public int NTotal { get; init; }

        public double Bullishness { get; init; }
    }

    /// <summary>Dapper's view of a bar.</summary>
    private sealed class BarRow
    {
        public string Symbol { get; init; } = "";

        public DateTime Day { get; init; }

        public double Close { get; init; }

        public double? AdjClose { get; init; }
    }

    private sealed class Inserted
    {
        public long RunId { get; init; }

        public DateTime CreatedAt { get; init; }
    }
}
