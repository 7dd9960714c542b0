namespace SentimentFactor.Jobs.Chain;

/// <summary>How a chain run ended.</summary>
public enum ChainStatus
{
    /// <summary>Every stage succeeded (or was skipped with a reason).</summary>
    Succeeded,

    /// <summary>A stage failed on every attempt; the stages after it did not run.</summary>
    Failed,

    /// <summary>Stopped by shutdown or Ctrl+C; the next run resumes.</summary>
    Cancelled,

    /// <summary>Not run: another chain held the lock.</summary>
    Locked,
}
