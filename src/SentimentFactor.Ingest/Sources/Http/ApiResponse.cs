using System.Net;
using System.Text.Json;

namespace SentimentFactor.Ingest.Sources.Http;

/// <summary>One API answer: its status, rate-limit headers, and the parsed JSON body when it succeeded.</summary>
internal sealed record ApiResponse(
    HttpStatusCode Status,
    int? RateLimitRemaining,
    DateTimeOffset? RateLimitReset,
    TimeSpan? RetryAfter,
    JsonDocument? Document,
    byte[]? Body,
    string? ErrorBody)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    public bool IsTransient => (int)Status >= 500 || Status == HttpStatusCode.TooManyRequests;
}
