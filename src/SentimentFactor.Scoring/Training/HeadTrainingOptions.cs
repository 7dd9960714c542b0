using SentimentFactor.Modeling.Onnx;

namespace SentimentFactor.Scoring.Training;

/// <summary>How the sentiment head is fitted and its hyper-parameters chosen (all by stratified k-fold CV).</summary>
public sealed record HeadTrainingOptions
{
    /// <summary>L2 strengths tried on the dense weights (standardised features); the best CV macro-F1 wins, ties to the larger.</summary>
    public IReadOnlyList<double> Lambdas { get; init; } = [1e-4, 1e-3, 1e-2, 3e-2, 1e-1];

    /// <summary>
    /// L2 strengths tried on the lexical table (one weight per vocabulary token and class, averaged over a post's tokens);
    /// empty: no lexical term.
    /// </summary>
    public IReadOnlyList<double> LexicalLambdas { get; init; } = [];

    /// <summary>The pooled encoder blocks the dense head reads (default: mean of the last layer).</summary>
    public IReadOnlyList<PoolingBlock> Pooling { get; init; } = PoolingBlock.LastLayerMean;

    /// <summary>Stratified folds of the cross-validation.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Seed of the fold assignment and of the held-out split.</summary>
    public int Seed { get; init; } = 20_240_922;

    /// <summary>Weight each class inversely to its frequency (for unbalanced sets such as real tweets).</summary>
    public bool BalanceClasses { get; init; }

    /// <summary>Choose per-class logit offsets (decision thresholds) on the out-of-fold predictions to maximise macro-F1.</summary>
    public bool TuneOffsets { get; init; }

    /// <summary>Choose a temperature on the out-of-fold predictions (minimum log loss) and fold it into the head.</summary>
    public bool Calibrate { get; init; }

    /// <summary>Share of each class set aside as the held-out split before anything is fitted (0: none).</summary>
    public double Holdout { get; init; }

    /// <summary>Where the held-out split is written (default: .sf/data/&lt;data&gt;.heldout-&lt;fraction&gt;-seed&lt;seed&gt;.jsonl).</summary>
    public string? HeldoutPath { get; init; }

    /// <summary>L-BFGS iteration cap per fit.</summary>
    public int MaxIterations { get; init; } = 500;

    /// <summary>The settings of the shipped default head (see docs/model.md for the lever study behind them).</summary>
    public static HeadTrainingOptions Shipped { get; } = new()
    {
        // Narrowed by the lever study's CV (docs/model.md): 3e-2 won the dense grid {1e-3, 1e-2, 3e-2, 1e-1} for these blocks.
        Lambdas = [3e-2],
        LexicalLambdas = [1e-6, 3e-6, 1e-5],
        Pooling = [new(4, PoolingKind.Mean), new(5, PoolingKind.Mean), new(6, PoolingKind.Mean)],
        TuneOffsets = true,
        Calibrate = true,
        MaxIterations = 300,
        Seed = 1,
    };
}
