using SentimentFactor.Modeling.Training;

namespace SentimentFactor.Modeling.Onnx;

/// <summary>How <see cref="BertOnnxExporter"/> builds the graph.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>Plain standard operators, or ORT's fused operators (the default).</summary>
    public OnnxGraphVariant Variant { get; init; } = OnnxGraphVariant.Fused;

    /// <summary>
    /// Store weights and compute in float16. LayerNorm statistics and the masked softmax stay float32 (explicit
    /// casts in the plain graph; ORT's fused kernels accumulate in float32). Inputs stay int64, logits float32.
    /// </summary>
    public bool Fp16 { get; init; }

    /// <summary>ai.onnx opset, <see cref="BertOnnxExporter.MinOpset"/> to <see cref="BertOnnxExporter.MaxOpset"/>.</summary>
    public int Opset { get; init; } = 17;

    /// <summary>
    /// What the classifier reads: the pooler over [CLS] (BertForSequenceClassification), or the masked mean of the last
    /// hidden states straight into the classifier, as <see cref="TrainableBert"/> trains with <see cref="ClassifierPooling.Mean"/>.
    /// </summary>
    public ClassifierPooling Pooling { get; init; } = ClassifierPooling.ClsPooler;
}
