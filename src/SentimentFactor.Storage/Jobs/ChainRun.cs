namespace SentimentFactor.Storage.Jobs;

/// <summary>A chain run's row in sf.job_runs (job = 'nightly'), with its lease.</summary>
/// <param name="JobRunId">The row's id: the chain run id its stage attempts name.</param>
/// <param name="StartedAt">When it started (UTC).</param>
/// <param name="Node">The scheduler instance that last held it.</param>
/// <param name="HeldUntil">Its lease while running: after this, no live host has it.</param>
/// <param name="Counts">Its counts as JSON text (trigger, day, scheduled_at, stages).</param>
/// <param name="Status">running, succeeded, failed, cancelled or skipped.</param>
public sealed record ChainRun(long JobRunId, DateTimeOffset StartedAt, string? Node, DateTimeOffset? HeldUntil, string Counts, string Status);
