namespace SentimentFactor.Modeling.Quantization;

/// <summary>What <see cref="ModelQuantizer"/> wrote.</summary>
/// <param name="OutputDirectory">The new model folder.</param>
/// <param name="QuantizedMatMuls">MatMuls and fused Attention nodes now int8.</param>
/// <param name="QuantizedAttentions">Of those, fused Attention nodes now QAttention.</param>
/// <param name="KeptFloatMatMuls">MatMuls and Attention nodes with constant weights kept float32 (by prefix or for outliers).</param>
/// <param name="OutlierNodes">MatMuls kept float32 because calibration found outliers in their inputs.</param>
/// <param name="WeightBytesBefore">Bytes of the quantised weights as float32.</param>
/// <param name="WeightBytesAfter">The same weights as int8 plus scales and zero points.</param>
/// <param name="ModelBytesBefore">Size of the source model.onnx.</param>
/// <param name="ModelBytesAfter">Size of the new model.onnx.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record ModelQuantizationResult(
    string OutputDirectory, int QuantizedMatMuls, int QuantizedAttentions, int KeptFloatMatMuls, IReadOnlyList<string> OutlierNodes, long WeightBytesBefore, long WeightBytesAfter,
    long ModelBytesBefore, long ModelBytesAfter, TimeSpan Elapsed);
