namespace SentimentFactor.Modeling.Onnx;

/// <summary>How a quantised MatMul is written into the graph.</summary>
public enum QuantizedMatMulForm
{
    /// <summary>Standard ONNX: DynamicQuantizeLinear, MatMulInteger, Cast, Mul (ONNX Runtime fuses them on CPU).</summary>
    MatMulInteger,

    /// <summary>DynamicQuantizeLinear + com.microsoft MatMulIntegerToFloat.</summary>
    MatMulIntegerToFloat,

    /// <summary>One com.microsoft DynamicQuantizeMatMul node (float in, int8 weights, float out).</summary>
    DynamicQuantizeMatMul,
}
