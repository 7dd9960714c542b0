namespace SentimentFactor.Scoring;

/// <summary>Settings of the scoring stage, bound from the "Scoring" section of appsettings.json.</summary>
public sealed class ScoringOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Scoring";

    /// <summary>
    /// Model directory (model.onnx, config.json, vocab.txt or tokenizer.json) or model.onnx path.
    /// Empty: the default model (MiniLM encoder + sentiment head), built on first use under <see cref="ModelCacheDirectory"/>.
    /// </summary>
    public string ModelPath { get; set; } = "";

    /// <summary>Where the default model is built and cached (relative paths are under the working directory).</summary>
    public string ModelCacheDirectory { get; set; } = ".sf/models";

    /// <summary>
    /// The default model's head (head.json, shipped in the repository), assembled with the package's MiniLM encoder on first
    /// use. Relative paths are searched from the working directory upwards, then under SF_HOME, then beside the assemblies.
    /// </summary>
    public string DefaultHead { get; set; } = "models/default/head.json";

    /// <summary>
    /// Arithmetic precision: auto (the default model in int8 when scoring on CPU and its measured quality holds, else
    /// float32; a given model as it is), fp32 (as the model is), or int8 (a dynamic-int8 build of any float32 model,
    /// made on first use and cached beside the default model). See docs/model.md, "int8".
    /// </summary>
    public string Precision { get; set; } = "auto";

    /// <summary>Execution device: auto (CUDA when usable, else CPU), cuda or cpu.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>When CUDA was asked for (cuda or auto) and cannot start, run on CPU instead of failing.</summary>
    public bool AllowCpuFallback { get; set; } = true;

    /// <summary>Token budget of one batch: rows x padded length never exceeds it (one overlong post excepted).</summary>
    public int MaxTokensPerBatch { get; set; } = 8_192;

    /// <summary>Most posts in one batch, however short they are.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>Tokenized batches waiting for the model (the bounded channel between tokenizer and model).</summary>
    public int QueueDepth { get; set; } = 2;

    /// <summary>Posts claimed from sf.posts and written to sf.post_scores per transaction.</summary>
    public int ClaimChunkSize { get; set; } = 2_048;

    /// <summary>ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose (one per core).</summary>
    public int IntraOpThreads { get; set; }
}
