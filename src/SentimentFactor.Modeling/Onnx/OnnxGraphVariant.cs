namespace SentimentFactor.Modeling.Onnx;

/// <summary>Which graph the exporter emits.</summary>
public enum OnnxGraphVariant
{
    /// <summary>Standard ONNX operators only, the way a straight PyTorch export looks (the baseline).</summary>
    Plain,

    /// <summary>
    /// ONNX Runtime's fused operators: com.microsoft Attention, SkipLayerNormalization (which also returns the
    /// residual sum that pre-LN layers need), BiasGelu / FastGelu; after the last attention only [CLS] is computed.
    /// </summary>
    Fused,
}
