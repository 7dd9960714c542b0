namespace SentimentFactor.Storage.Research;

/// <summary>A model that has daily sentiment rows, as research picks it.</summary>
/// <param name="ModelId">sf.models.model_id.</param>
/// <param name="Name">sf.models.name.</param>
/// <param name="Kind">onnx or lexicon.</param>
public sealed record RegressionModelInfo(string ModelId, string Name, string Kind);
