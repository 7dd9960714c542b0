namespace SentimentFactor.Storage.Jobs;

/// <summary>One row of sf.job_runs.</summary>
/// <param name="JobRunId">The row's id.</param>
/// <param name="Job">"nightly" for a chain run, "nightly.&lt;stage&gt;" for one attempt of a stage.</param>
/// <param name="StartedAt">When it started (UTC).</param>
/// <param name="FinishedAt">When it ended; null while running (or when its process died).</param>
/// <param name="Status">running, succeeded, failed, cancelled or skipped.</param>
/// <param name="Counts">What it did, as JSON text.</param>
/// <param name="Error">Why it failed or was skipped; null otherwise.</param>
/// <param name="Node">The scheduler instance that ran it ("cli" for `sf run nightly`); null for rows older than migration 051.</param>
public sealed record JobRun(long JobRunId, string Job, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string Status, string Counts, string? Error, string? Node = null);
