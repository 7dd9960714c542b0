using Npgsql;

namespace SentimentFactor.Jobs.Chain;

/// <summary>What a stage gets from the chain.</summary>
/// <param name="DataSource">The database (not owned).</param>
/// <param name="Day">The day the run is for (--date), or null for "up to now".</param>
/// <param name="LastAggregatedDay">The last day an earlier run's aggregate stage succeeded up to; null when it never did.</param>
/// <param name="LastScoredAt">When an earlier run's last successful score stage started: posts stored since are new to the factor.</param>
public sealed record StageContext(NpgsqlDataSource DataSource, DateOnly? Day, DateOnly? LastAggregatedDay, DateTimeOffset? LastScoredAt = null);
