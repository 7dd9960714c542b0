namespace SentimentFactor.Storage.Research;

/// <summary>What a new sf.regression_runs row holds (the id and time come from the database).</summary>
/// <param name="ModelId">Model whose sentiment was regressed.</param>
/// <param name="SpecJson">The spec, as JSON text.</param>
/// <param name="ResultsJson">The results, as JSON text.</param>
/// <param name="Benchmark">Benchmark symbol.</param>
/// <param name="FirstDay">First factor day of the main regression.</param>
/// <param name="LastDay">Last factor day of the main regression.</param>
/// <param name="Observations">n of the main regression.</param>
/// <param name="CodeVersion">Version of the code that ran it.</param>
public sealed record NewRegressionRun(
    string ModelId, string SpecJson, string ResultsJson, string Benchmark, DateOnly FirstDay, DateOnly LastDay, int Observations, string CodeVersion);
