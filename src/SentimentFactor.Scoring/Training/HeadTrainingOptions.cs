namespace SentimentFactor.Scoring.Training;

/// <summary>How the softmax head is fitted and its L2 strength chosen.</summary>
public sealed record HeadTrainingOptions
{
    /// <summary>L2 strengths tried (on standardised features); the best cross-validated macro-F1 wins, ties to the larger.</summary>
    public IReadOnlyList<double> Lambdas { get; init; } = [1e-4, 1e-3, 1e-2, 3e-2, 1e-1];

    /// <summary>Stratified folds of the cross-validation.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Seed of the fold assignment.</summary>
    public int Seed { get; init; } = 20_240_922;

    /// <summary>Weight each class inversely to its frequency (for unbalanced sets such as real tweets).</summary>
    public bool BalanceClasses { get; init; }

    /// <summary>L-BFGS iteration cap per fit.</summary>
    public int MaxIterations { get; init; } = 500;
}
