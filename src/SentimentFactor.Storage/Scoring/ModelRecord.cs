namespace SentimentFactor.Storage.Scoring;

/// <summary>A row of sf.models.</summary>
/// <param name="ModelId">SHA-256 of the model file, lower-case hex.</param>
/// <param name="Name">Display name.</param>
/// <param name="Kind">onnx or lexicon.</param>
/// <param name="Labels">The model's own label names, by output index.</param>
/// <param name="Config">The model's config as JSON text.</param>
public sealed record ModelRecord(string ModelId, string Name, string Kind, string[] Labels, string Config);
