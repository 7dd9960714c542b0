namespace SentimentFactor.Modeling.Training;

/// <summary>What a <see cref="TrainableBert"/> trains and how its forward pass behaves during training.</summary>
public sealed record TrainableBertOptions
{
    /// <summary>What the classifier reads from the encoder.</summary>
    public ClassifierPooling Pooling { get; init; } = ClassifierPooling.ClsPooler;

    /// <summary>
    /// Encoder layers that get gradients, counted from the top: null trains all of them (and the embeddings unless
    /// <see cref="FreezeEmbeddings"/>); N trains only the top N layers, Megatron-BERT's final LayerNorm, the pooler and
    /// the classifier (the embeddings are then frozen too). 0 trains the head alone.
    /// </summary>
    public int? TrainedLayers { get; init; }

    /// <summary>Keeps the embedding tables (and BERT's embedding LayerNorm) fixed when all layers are trained.</summary>
    public bool FreezeEmbeddings { get; init; }

    /// <summary>
    /// Dropout probability in training, at Hugging Face's places (embeddings, attention probabilities, each sub-layer's
    /// output before its residual add, the pooled vector before the classifier); 0 turns dropout off. Must be in [0, 1).
    /// </summary>
    public float DropoutProbability { get; init; } = 0.1f;

    /// <summary>
    /// Rank of low-rank adapters (Hu et al. 2021, LoRA) on every layer's query and value projections; null for none.
    /// With adapters the encoder's own weights stay fixed: only the adapters, the pooler and the classifier train.
    /// Cannot be combined with <see cref="TrainedLayers"/>.
    /// </summary>
    public int? LoraRank { get; init; }

    /// <summary>LoRA's alpha: an adapter adds (alpha / rank)·B·A to its weight (PEFT's lora_alpha).</summary>
    public float LoraAlpha { get; init; } = 16f;

    /// <summary>Seed of the adapters' A matrices (B starts at 0, so a fresh adapter changes nothing).</summary>
    public int LoraSeed { get; init; } = 1;

    /// <summary>Threads for the matrix products and the per-row work; null uses every core.</summary>
    public int? Threads { get; init; }

    /// <summary>Checks the ranges against <paramref name="layers"/> encoder layers; throws <see cref="ArgumentOutOfRangeException"/>.</summary>
    public void Validate(int layers)
    {
        if (TrainedLayers is { } trained && (trained < 0 || trained > layers))
        {
            throw new ArgumentOutOfRangeException(nameof(TrainedLayers), trained, $"TrainedLayers must be between 0 and {layers} (the model's layers), or null for all.");
        }

        if (!(DropoutProbability >= 0f && DropoutProbability < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(DropoutProbability), DropoutProbability, "DropoutProbability must be in [0, 1).");
        }

        if (LoraRank is { } rank && rank < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(LoraRank), rank, "LoraRank must be at least 1, or null for no adapters.");
        }

        if (LoraRank is not null && TrainedLayers is not null)
        {
            throw new ArgumentException("LoraRank and TrainedLayers cannot be combined: adapters go on every layer and the encoder's own weights stay fixed.", nameof(LoraRank));
        }

        if (LoraRank is not null && !(LoraAlpha > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(LoraAlpha), LoraAlpha, "LoraAlpha must be positive.");
        }

        if (Threads is { } threads && threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Threads), threads, "Threads must be at least 1, or null for every core.");
        }
    }
}
