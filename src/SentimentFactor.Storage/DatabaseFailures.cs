using Npgsql;

namespace SentimentFactor.Storage;

/// <summary>Which database failures are worth another try, so that callers need not know the driver's exception types.</summary>
public static class DatabaseFailures
{
    /// <summary>
    /// True for a failure that may pass by itself: the server unreachable or restarting, a dropped connection, a timeout
    /// (Npgsql's own <see cref="NpgsqlException.IsTransient"/>, which covers PostgreSQL's transient SQL states).
    /// A missing table, a constraint violation or bad SQL is not transient.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception is NpgsqlException { IsTransient: true };
}
