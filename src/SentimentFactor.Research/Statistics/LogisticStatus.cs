namespace SentimentFactor.Research.Statistics;

/// <summary>How a logistic fit ended.</summary>
public enum LogisticStatus
{
    /// <summary>Newton/IRLS converged to a finite maximum likelihood estimate.</summary>
    Converged,

    /// <summary>
    /// The outcome is (quasi-)completely separated by the regressors: the likelihood has no finite maximum and the
    /// coefficients would run off to infinity. No coefficients are reported.
    /// </summary>
    Separation,

    /// <summary>The iteration limit was reached before the convergence test passed. No coefficients are reported.</summary>
    NotConverged,
}
