namespace SentimentFactor.Modeling;

/// <summary>Settings of the modeling stage, bound from the "Modeling" section of appsettings.json.</summary>
public sealed class ModelingOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Modeling";

    /// <summary>ONNX opset the converter targets unless --opset says otherwise (14 to 21).</summary>
    public int Opset { get; set; } = 17;

    /// <summary>
    /// Total initializer size, in bytes, above which weights go to ONNX external data (model.onnx.data) instead of
    /// inside model.onnx. Protobuf cannot serialise a message of 2 GiB or more, so this must stay below that.
    /// </summary>
    public long ExternalDataThresholdBytes { get; set; } = 1_800_000_000;

    /// <summary>
    /// Longest input, in tokens, written as max_length into the converted model's config.json (capped by the model's
    /// max_position_embeddings).
    /// </summary>
    public int MaxSequenceLength { get; set; } = 512;
}
