namespace SentimentFactor.Modeling.Checkpoints;

/// <summary>What <see cref="RandomCheckpointWriter"/> creates.</summary>
public sealed record RandomCheckpointSpec
{
    /// <summary>Encoder family.</summary>
    public BertArchitecture Architecture { get; init; } = BertArchitecture.MegatronBert;

    /// <summary>Transformer layers.</summary>
    public int Layers { get; init; } = 2;

    /// <summary>Model width; a multiple of <see cref="Heads"/>.</summary>
    public int Hidden { get; init; } = 32;

    /// <summary>Attention heads.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Feed-forward width; 0 means 4 x <see cref="Hidden"/>.</summary>
    public int Intermediate { get; init; }

    /// <summary>Class names in logit order.</summary>
    public IReadOnlyList<string> Labels { get; init; } = ["negative", "neutral", "positive"];

    /// <summary>Seed of the weights; the same spec and seed give the same bytes.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>hidden_act written to config.json.</summary>
    public string HiddenAct { get; init; } = "gelu";

    /// <summary>Rows of the position table.</summary>
    public int MaxPositions { get; init; } = 512;

    /// <summary>Standard deviation of the random weights (Hugging Face's initializer_range is 0.02).</summary>
    public double InitStd { get; init; } = 0.02;

    /// <summary>Dtype of model.safetensors: F32 or F16.</summary>
    public string DType { get; init; } = SafetensorsDType.F32;

    /// <summary>
    /// Write the pooler and classifier too; false writes the bare encoder, as a pretraining checkpoint without a
    /// sequence-classification head (for sf model finetune).
    /// </summary>
    public bool WithHead { get; init; } = true;

    /// <summary>The feed-forward width actually used.</summary>
    public int IntermediateSize => Intermediate > 0 ? Intermediate : 4 * Hidden;
}
