namespace SentimentFactor.Core;

/// <summary>
/// Base of every user-facing failure: its <see cref="Exception.Message"/> is one line that says what failed,
/// with the value, and what to do. The CLI prints it as it is (stack trace only with --verbose).
/// Each project derives one type from it with a factory per case.
/// </summary>
public abstract class SentimentFactorException : Exception
{
    protected SentimentFactorException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
