using System.Net;
using SentimentFactor.Storage;

namespace SentimentFactor.Jobs.Chain;

/// <summary>
/// The failures a stage is retried for: the database unreachable or timing out, an HTTP 5xx or a network error or
/// timeout (walking inner exceptions, since a stage may wrap them). Anything else (a bad model file, bad settings, a
/// bug) fails the same way on every try, so it is not retried.
/// </summary>
public static class TransientFailures
{
    /// <summary>Whether <paramref name="exception"/> (or one it wraps) is transient.</summary>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (DatabaseFailures.IsTransient(e) || e is TimeoutException
                || e is HttpRequestException { StatusCode: null or >= HttpStatusCode.InternalServerError })
            {
                return true;
            }
        }

        return false;
    }
}
