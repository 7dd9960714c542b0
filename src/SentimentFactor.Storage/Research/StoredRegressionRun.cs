namespace SentimentFactor.Storage.Research;

/// <summary>A row of sf.regression_runs.</summary>
/// <param name="RunId">Identity.</param>
/// <param name="CreatedAt">When it was stored (UTC).</param>
/// <param name="ModelId">Model whose sentiment was regressed.</param>
/// <param name="SpecJson">The spec, as JSON text.</param>
/// <param name="ResultsJson">The results, as JSON text.</param>
/// <param name="Benchmark">Benchmark symbol.</param>
/// <param name="FirstDay">First factor day of the main regression.</param>
/// <param name="LastDay">Last factor day of the main regression.</param>
/// <param name="Observations">n of the main regression.</param>
/// <param name="CodeVersion">Version of the code that ran it.</param>
public sealed record StoredRegressionRun(
    long RunId, DateTimeOffset CreatedAt, string ModelId, string SpecJson, string ResultsJson, string? Benchmark,
    DateOnly? FirstDay, DateOnly? LastDay, int? Observations, string? CodeVersion);
