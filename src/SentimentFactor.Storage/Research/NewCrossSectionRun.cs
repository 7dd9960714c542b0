namespace SentimentFactor.Storage.Research;

/// <summary>A cross-section run to store in sf.crosssection_runs.</summary>
/// <param name="ModelId">The model.</param>
/// <param name="Factor">Factor name.</param>
/// <param name="Horizon">h of the main results.</param>
/// <param name="Symbols">Symbols in the panel.</param>
/// <param name="FirstDay">First factor day.</param>
/// <param name="LastDay">Last factor day.</param>
/// <param name="Observations">Symbol-days at the horizon.</param>
/// <param name="SpecJson">The spec as JSON.</param>
/// <param name="ResultsJson">The results as JSON.</param>
/// <param name="CodeVersion">Assembly informational version.</param>
public sealed record NewCrossSectionRun(
    string ModelId, string Factor, int Horizon, int Symbols, DateOnly FirstDay, DateOnly LastDay, int Observations,
    string SpecJson, string ResultsJson, string CodeVersion);
