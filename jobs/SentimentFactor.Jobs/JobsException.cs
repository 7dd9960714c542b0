using SentimentFactor.Core;

namespace SentimentFactor.Jobs;

/// <summary>A nightly chain that could not run or did not finish.</summary>
public sealed class JobsException : SentimentFactorException
{
    private JobsException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Another chain (this or another process or host) holds the chain's advisory lock.</summary>
    public static JobsException Locked(long key, string holder) =>
        new($"Another nightly chain is running ({holder}; advisory lock {key}). Wait for it to finish ('sf jobs' shows its stages) and run again if needed.");

    /// <summary>A stage failed on every attempt; the chain stopped there.</summary>
    public static JobsException StageFailed(string stage, int attempts, string error) =>
        new($"Nightly chain stopped at stage '{stage}' after {attempts} attempt(s): {error} The next run starts again from the missing data; 'sf jobs' shows every attempt.");

    /// <summary>Every source of the ingest stage failed.</summary>
    public static JobsException AllSourcesFailed(IEnumerable<string> errors) =>
        new($"Every ingest source failed: {string.Join(" | ", errors)}");
}
