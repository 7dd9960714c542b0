using Onnx;

namespace SentimentFactor.Modeling.Onnx;

/// <summary>The quantised model and what changed.</summary>
/// <param name="Model">The new model.</param>
/// <param name="QuantizedMatMuls">MatMul nodes now int8.</param>
/// <param name="KeptFloatMatMuls">MatMul nodes with constant weights kept float32 on request.</param>
/// <param name="WeightBytesBefore">Bytes of the quantised weights as float32.</param>
/// <param name="WeightBytesAfter">Bytes of the same weights as int8 plus scales and zero points.</param>
public sealed record DynamicInt8Result(ModelProto Model, int QuantizedMatMuls, int KeptFloatMatMuls, long WeightBytesBefore, long WeightBytesAfter);
