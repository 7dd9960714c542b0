namespace SentimentFactor.Ingest.Sources.Http;

/// <summary>A 2xx answer whose body was cut short or is not complete JSON: retried like a 5xx.</summary>
internal sealed class TruncatedBodyException : Exception
{
    public TruncatedBodyException(string message, Exception? inner)
        : base(message, inner)
    {
    }
}
