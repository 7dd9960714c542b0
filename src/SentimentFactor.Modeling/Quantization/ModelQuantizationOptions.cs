using SentimentFactor.Modeling.Onnx;
using SentimentFactor.Modeling.Reference;

namespace SentimentFactor.Modeling.Quantization;

/// <summary>Options of <see cref="ModelQuantizer"/>.</summary>
public sealed class ModelQuantizationOptions
{
    /// <summary>How quantised MatMuls are written.</summary>
    public QuantizedMatMulForm Form { get; init; } = QuantizedMatMulForm.MatMulInteger;

    /// <summary>Node-name prefixes (or first-output prefixes of unnamed nodes) that stay float32.</summary>
    public IReadOnlyCollection<string> KeepFloatPrefixes { get; init; } = [];

    /// <summary>
    /// Batches to run the float32 model on first: MatMuls whose inputs show outliers there stay float32
    /// (<see cref="ActivationOutliers"/>). Empty: no calibration, every MatMul not kept by prefix goes int8.
    /// </summary>
    public IReadOnlyList<BertBatch> CalibrationBatches { get; init; } = [];

    /// <summary>Replace a non-empty output folder.</summary>
    public bool Overwrite { get; init; }
}
