using SentimentFactor.Modeling.Training;

namespace SentimentFactor.Scoring.FineTuning;

/// <summary>Everything a fine-tuning run is given; <see cref="FineTuneService"/> validates it before anything starts.</summary>
public sealed record FineTuneOptions
{
    /// <summary>"minilm" (the package's all-MiniLM-L6-v2) or a Hugging Face BERT / Megatron-BERT checkpoint folder.</summary>
    public required string Base { get; init; }

    /// <summary>Labeled JSONL ({"text", "label"} per line).</summary>
    public required string Data { get; init; }

    /// <summary>Output folder (HF checkpoint + ONNX classifier + training.json).</summary>
    public required string Output { get; init; }

    /// <summary>Share of each class set aside as the held-out split (seeded, stratified as <c>HoldoutSplit</c>).</summary>
    public double Holdout { get; init; } = 0.2;

    /// <summary>
    /// Share of each class of the training part set aside for early stopping and the per-epoch line. 0: the held-out
    /// split serves both; above 0 the held-out split is only scored once, at the end, and never steers training.
    /// </summary>
    public double Validation { get; init; }

    /// <summary>Passes over the training split.</summary>
    public int Epochs { get; init; } = 3;

    /// <summary>Peak learning rate (after warm-up).</summary>
    public double LearningRate { get; init; } = 5e-5;

    /// <summary>The default of <see cref="MaxTokens"/> (also `sf bench finetune`'s, so the bench measures the batches a fine-tune runs).</summary>
    public const int DefaultMaxTokens = 2048;

    /// <summary>The default of <see cref="MaxBatchSize"/>.</summary>
    public const int DefaultMaxBatchSize = 64;

    /// <summary>Token budget of one batch (rows x padded length).</summary>
    public int MaxTokens { get; init; } = DefaultMaxTokens;

    /// <summary>Most rows in one batch.</summary>
    public int MaxBatchSize { get; init; } = DefaultMaxBatchSize;

    /// <summary>Seed of the splits, batch order, dropout and the fresh head.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Weight the loss of each class by n / (classes x n_class), as scikit-learn's "balanced".</summary>
    public bool BalancedClassWeights { get; init; } = true;

    /// <summary>Encoder layers trained from the top; null: all of them (or none, with <see cref="LoraRank"/>).</summary>
    public int? TrainedLayers { get; init; }

    /// <summary>
    /// Rank of low-rank adapters on every layer's query and value projections (LoRA, alpha 16); the encoder's own
    /// weights stay fixed and the adapters are folded into them in the output. Null: no adapters.
    /// </summary>
    public int? LoraRank { get; init; }

    /// <summary>What the classifier reads.</summary>
    public ClassifierPooling Pooling { get; init; } = ClassifierPooling.ClsPooler;

    /// <summary>Keep the embedding tables fixed.</summary>
    public bool FreezeEmbeddings { get; init; }

    /// <summary>Dropout probability in training.</summary>
    public float Dropout { get; init; } = 0.1f;

    /// <summary>Share of all optimizer steps spent warming the learning rate up.</summary>
    public double Warmup { get; init; } = 0.1;

    /// <summary>AdamW decoupled weight decay (none on LayerNorm and biases).</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>
    /// After training, add per-class logit offsets (neutral fixed at 0) chosen for macro-F1 on the validation split to the
    /// classifier's bias, as the frozen-encoder head does on its out-of-fold logits (docs/model.md). Needs a validation split.
    /// </summary>
    public bool TuneOffsets { get; init; }

    /// <summary>
    /// After training (and the offsets), divide the classifier's weights and bias by the temperature that minimises the
    /// log loss on the validation split: probabilities become calibrated, predictions do not change. Needs a validation split.
    /// </summary>
    public bool Calibrate { get; init; }

    /// <summary>Global gradient-norm limit.</summary>
    public double MaxGradientNorm { get; init; } = 1.0;

    /// <summary>Epochs without a better early-stopping macro-F1 before stopping; 0 never stops early.</summary>
    public int Patience { get; init; }

    /// <summary>A training checkpoint this often besides each epoch end; null: only at epoch ends.</summary>
    public TimeSpan? CheckpointInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Threads of the training math; null: every core.</summary>
    public int? Threads { get; init; }

    /// <summary>Where the held-out split is written as JSONL (for sf model eval); null: .sf/data/&lt;data&gt;.heldout-&lt;fraction&gt;-seed&lt;seed&gt;.jsonl.</summary>
    public string? HeldoutPath { get; init; }

    /// <summary>Replace a non-empty output folder.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Test hook: write a checkpoint and stop (as if killed) after this many optimizer steps of this process.</summary>
    public int? StopAfterSteps { get; init; }

    /// <summary>The arguments that must match for a run to resume another's state (everything that changes the math).</summary>
    public string ResumeKey() => string.Join("|",
        Base, Holdout, Validation, Epochs, LearningRate, MaxTokens, MaxBatchSize, Seed, BalancedClassWeights, TrainedLayers?.ToString() ?? "all",
        LoraRank?.ToString() ?? "none", Pooling, FreezeEmbeddings, Dropout, Warmup, WeightDecay, MaxGradientNorm, Patience);

    // TuneOffsets and Calibrate are not in the key: they act after training, so a run may be resumed with or without them.
}
