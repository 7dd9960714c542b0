namespace SentimentFactor.Research.CrossSection;

/// <summary>A stored cross-section run.</summary>
/// <param name="RunId">sf.crosssection_runs.run_id.</param>
/// <param name="CreatedAt">When it was stored (UTC).</param>
/// <param name="Spec">What was estimated (ModelId resolved).</param>
/// <param name="Results">The estimates.</param>
/// <param name="ReportPath">report.md, or null when no report was written.</param>
public sealed record CrossSectionRun(long RunId, DateTimeOffset CreatedAt, CrossSectionSpec Spec, CrossSectionResults Results, string? ReportPath);
