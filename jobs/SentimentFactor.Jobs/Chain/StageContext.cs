using Npgsql;

namespace SentimentFactor.Jobs.Chain;

/// <summary>What a stage gets from the chain.</summary>
/// <param name="DataSource">The database (not owned).</param>
/// <param name="Day">The day the run is for (--date), or null for "up to now".</param>
/// <param name="CatchUpFrom">The last day the aggregate stage succeeded up to, or null when it never did: where missing data starts.</param>
public sealed record StageContext(NpgsqlDataSource DataSource, DateOnly? Day, DateOnly? CatchUpFrom);
