using SentimentFactor.Modeling.Onnx;

namespace SentimentFactor.Modeling.Quantization;

/// <summary>Options of <see cref="ModelQuantizer"/>.</summary>
public sealed class ModelQuantizationOptions
{
    /// <summary>How quantised MatMuls are written.</summary>
    public QuantizedMatMulForm Form { get; init; } = QuantizedMatMulForm.MatMulInteger;

    /// <summary>Node-name prefixes (or first-output prefixes of unnamed nodes) that stay float32.</summary>
    public IReadOnlyCollection<string> KeepFloatPrefixes { get; init; } = [];

    /// <summary>Replace a non-empty output folder.</summary>
    public bool Overwrite { get; init; }
}
