using Onnx;

namespace SentimentFactor.Modeling.Onnx;

/// <summary>The quantised model and what changed.</summary>
/// <param name="Model">The new model.</param>
/// <param name="QuantizedMatMuls">MatMul and Attention nodes now int8 (MatMulInteger or QAttention).</param>
/// <param name="QuantizedAttentions">Of those, fused Attention nodes now QAttention.</param>
/// <param name="KeptFloatMatMuls">MatMul and Attention nodes with constant weights kept float32 on request.</param>
/// <param name="WeightBytesBefore">Bytes of the quantised weights as float32.</param>
/// <param name="WeightBytesAfter">Bytes of the same weights as int8 plus scales and zero points.</param>
public sealed record DynamicInt8Result(ModelProto Model, int QuantizedMatMuls, int QuantizedAttentions, int KeptFloatMatMuls, long WeightBytesBefore, long WeightBytesAfter);
