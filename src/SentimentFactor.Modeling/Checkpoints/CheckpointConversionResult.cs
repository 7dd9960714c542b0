namespace SentimentFactor.Modeling.Checkpoints;

/// <summary>What a conversion wrote.</summary>
/// <param name="OutputDirectory">The folder holding model.onnx, config.json and vocab.txt.</param>
/// <param name="ModelPath">The ONNX model file.</param>
/// <param name="Config">The checkpoint's config.</param>
/// <param name="ParameterCount">Weights converted.</param>
/// <param name="NodeCount">Nodes in the graph.</param>
/// <param name="ExternalData">Whether weights went to model.onnx.data.</param>
/// <param name="Elapsed">Wall time of the conversion.</param>
public sealed record CheckpointConversionResult(string OutputDirectory, string ModelPath, BertConfig Config, long ParameterCount,
    int NodeCount, bool ExternalData, TimeSpan Elapsed);
