using SentimentFactor.Testing.Fakes;

namespace SentimentFactor.EndToEnd.Tests;

/// <summary>The SF_* environment of a test scheduler process: the test database, a fast cron, the X fake as its one source.</summary>
internal static class SchedulerEnvironment
{
    public static Dictionary<string, string> For(string connectionString, FakeXApiServer x, IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["SF_DB"] = connectionString,
            ["SF_Jobs__Cron"] = "0/2 * * * * ?",
            ["SF_Jobs__TimeZone"] = "Etc/UTC",
            ["SF_Jobs__IdleWaitTime"] = "00:00:01",
            ["SF_Jobs__XQueries__0"] = "$AAPL",
            ["SF_Ingest__XBaseUrl"] = x.BaseUrl.ToString(),
            ["SF_X_BEARER_TOKEN"] = x.BearerToken,
            ["SF_Logging__LogLevel__Default"] = "Information",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return environment;
    }
}
