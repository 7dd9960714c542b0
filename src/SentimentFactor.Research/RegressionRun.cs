namespace SentimentFactor.Research;

/// <summary>A finished, stored regression run.</summary>
/// <param name="RunId">sf.regression_runs.run_id.</param>
/// <param name="CreatedAt">When it was stored (UTC).</param>
/// <param name="Spec">The spec, with the model id resolved.</param>
/// <param name="Results">What it found.</param>
/// <param name="ReportPath">report.md of the run's report folder; null when no report was asked for.</param>
public sealed record RegressionRun(long RunId, DateTimeOffset CreatedAt, RegressionSpec Spec, RegressionResults Results, string? ReportPath);
