using Dapper;
using Npgsql;

namespace SentimentFactor.Storage.Research;

/// <summary>sf.regression_runs: one row per `sf regress` run, spec and results as jsonb.</summary>
/// <param name="dataSource">The process's data source (not owned).</param>
public sealed class RegressionRunStore(NpgsqlDataSource dataSource)
{
    /// <summary>Stores a run; returns its id and the database's creation time (UTC).</summary>
    public async Task<(long RunId, DateTimeOffset CreatedAt)> InsertAsync(NewRegressionRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<Inserted>(new CommandDefinition(ResearchSql.InsertRun, new
        {
            run.ModelId,
            Spec = run.SpecJson,
            Results = run.ResultsJson,
            run.Benchmark,
            FirstDay = run.FirstDay.ToDateTime(TimeOnly.MinValue),
            LastDay = run.LastDay.ToDateTime(TimeOnly.MinValue),
            run.Observations,
            run.CodeVersion,
        }, cancellationToken: cancellationToken));
        return (row.RunId, new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc)));
    }

    /// <summary>The run with this id, or null.</summary>
    public async Task<StoredRegressionRun?> GetAsync(long runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Stored>(
            new CommandDefinition(ResearchSql.RunById, new { RunId = runId }, cancellationToken: cancellationToken));
        return row is null
            ? null
            : new StoredRegressionRun(
                row.RunId, new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc)), row.ModelId, row.Spec, row.Results,
                row.Benchmark, row.FirstDay is { } f ? DateOnly.FromDateTime(f) : null, row.LastDay is { } l ? DateOnly.FromDateTime(l) : null,
                row.Observations, row.CodeVersion);
    }

    private sealed class Inserted
    {
        public long RunId { get; init; }

        public DateTime CreatedAt { get; init; }
    }

    private sealed class Stored
    {
        public long RunId { get; init; }

        public DateTime CreatedAt { get; init; }

        public string ModelId { get; init; } = "";

        public string Spec { get; init; } = "";

        public string Results { get; init; } = "";

        public string? Benchmark { get; init; }

        public DateTime? FirstDay { get; init; }

        public DateTime? LastDay { get; init; }

        public int? Observations { get; init; }

        public string? CodeVersion { get; init; }
    }
}
