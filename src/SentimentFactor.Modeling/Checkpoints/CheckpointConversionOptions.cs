using SentimentFactor.Modeling.Onnx;

namespace SentimentFactor.Modeling.Checkpoints;

/// <summary>What <see cref="CheckpointConverter.ConvertAsync"/> produces.</summary>
public sealed record CheckpointConversionOptions
{
    /// <summary>Graph variant, precision and opset.</summary>
    public OnnxExportOptions Export { get; init; } = new();

    /// <summary>Replace a non-empty output folder (only once the new one is complete).</summary>
    public bool Overwrite { get; init; }

    /// <summary>Initializer bytes above which weights go to external data (see <see cref="OnnxModelWriter"/>).</summary>
    public long ExternalDataThresholdBytes { get; init; } = 1_800_000_000;

    /// <summary>max_length written to the output config.json, capped by max_position_embeddings.</summary>
    public int MaxSequenceLength { get; init; } = 512;
}
