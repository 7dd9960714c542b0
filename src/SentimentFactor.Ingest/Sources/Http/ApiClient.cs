using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace SentimentFactor.Ingest.Sources.Http;

/// <summary>
/// GETs JSON from a rate-limited API with one Polly pipeline: 5xx, 429, timeouts, transport errors and truncated
/// bodies are retried (429 waits for x-rate-limit-reset or Retry-After, capped by Ingest:MaxRateLimitWait; the rest
/// back off exponentially). After an answer with x-rate-limit-remaining: 0 the next request waits for the reset.
/// 401/403 throw <see cref="IngestException.Unauthorized"/>. Waits use the injected <see cref="TimeProvider"/> and
/// end on cancellation.
/// </summary>
internal sealed class ApiClient
{
    private readonly string _source;
    private readonly HttpClient _http;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly string _unauthorizedHint;
    private readonly IngestOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<ApiResponse> _pipeline;
    private DateTimeOffset? _waitUntil;

    public ApiClient(
        string source,
        HttpClient http,
        AuthenticationHeaderValue? authorization,
        string unauthorizedHint,
        IngestOptions options,
        TimeProvider timeProvider,
        ILogger logger)
    {
        _source = source;
        _http = http;
        _authorization = authorization;
        _unauthorizedHint = unauthorizedHint;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        var builder = new ResiliencePipelineBuilder<ApiResponse> { TimeProvider = timeProvider };
        if (options.MaxRetries > 0)
        {
            // Polly refuses MaxRetryAttempts 0; Ingest:MaxRetries 0 means no retry strategy at all.
            builder.AddRetry(new RetryStrategyOptions<ApiResponse>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.RetryJitter,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRateLimitWait,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or IOException or TruncatedBodyException } => true,
                    { Exception: OperationCanceledException } => !args.Context.CancellationToken.IsCancellationRequested,
                    { Result: { } result } => result.IsTransient,
                    _ => false,
                }),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { Status: HttpStatusCode.TooManyRequests } limited ? RateLimitDelay(limited) : null),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Exception?.Message ?? $"HTTP {(int)args.Outcome.Result!.Status}";
                    Log.Retrying(_logger, _source, args.AttemptNumber + 1, args.Context.OperationKey ?? "", (long)args.RetryDelay.TotalMilliseconds, reason);
                    return default;
                },
            });
        }

        _pipeline = builder.Build();
    }

    /// <summary>GETs <paramref name="url"/> and returns its JSON body (caller disposes).</summary>
    public async Task<JsonDocument> GetJsonAsync(Uri url, CancellationToken cancellationToken) =>
        (await GetAsync(url, json: true, cancellationToken)).Document!;

    /// <summary>GETs <paramref name="url"/> and returns its body bytes (CSV endpoints).</summary>
    public async Task<byte[]> GetBytesAsync(Uri url, CancellationToken cancellationToken) =>
        (await GetAsync(url, json: false, cancellationToken)).Body!;

    private async Task<ApiResponse> GetAsync(Uri url, bool json, CancellationToken cancellationToken)
    {
        await WaitForResetAsync(cancellationToken);
        var context = ResilienceContextPool.Shared.Get(url.GetLeftPart(UriPartial.Path), cancellationToken);
        Outcome<ApiResponse> outcome;
        var attempts = 0;
        try
        {
            outcome = await _pipeline.ExecuteOutcomeAsync(
                async (ctx, state) =>
                {
                    attempts++;
                    try
                    {
                        return Outcome.FromResult(await state.SendAsync(url, json, ctx.CancellationToken));
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !ctx.CancellationToken.IsCancellationRequested)
                    {
                        return Outcome.FromException<ApiResponse>(ex);
                    }
                },
                context,
                this);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (outcome.Exception is { } exception)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw IngestException.Unavailable(_source, url, exception.Message, attempts);
        }

        var response = outcome.Result!;
        Remember(response);
        if (response.IsSuccess)
        {
            return response;
        }

        if (response.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw IngestException.Unauthorized(_source, response.Status, _unauthorizedHint);
        }

        if (response.IsTransient)
        {
            throw IngestException.Unavailable(_source, url, $"HTTP {(int)response.Status}", attempts);
        }

        throw IngestException.RequestRejected(_source, url, response.Status, response.ErrorBody ?? "");
    }

    private async Task<ApiResponse> SendAsync(Uri url, bool json, CancellationToken cancellationToken)
    {
        Log.Request(_logger, _source, url.GetLeftPart(UriPartial.Path));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = _authorization;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        // A network guard on real time (not the injected clock, which only governs deliberate waits).
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var remaining = Header(response, "x-rate-limit-remaining") ?? Header(response, "X-RateLimit-Remaining");
        var reset = Header(response, "x-rate-limit-reset") ?? Header(response, "X-RateLimit-Reset");
        var retryAfter = response.Headers.RetryAfter?.Delta
            ?? (response.Headers.RetryAfter?.Date is { } date ? date - _timeProvider.GetUtcNow() : null);
        var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        JsonDocument? document = null;
        string? error = null;
        if (response.IsSuccessStatusCode)
        {
            if (response.Content.Headers.ContentLength is { } length && length != body.Length)
            {
                throw new TruncatedBodyException($"body of {body.Length} bytes, Content-Length {length}", null);
            }

            try
            {
                document = json ? JsonDocument.Parse(body) : null;
            }
            catch (JsonException ex)
            {
                throw new TruncatedBodyException($"incomplete JSON body of {body.Length} bytes", ex);
            }
        }
        else
        {
            error = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 4096)).ReplaceLineEndings(" ");
        }

        return new ApiResponse(
            response.StatusCode,
            remaining is { } r ? (int)Math.Min(r, int.MaxValue) : null,
            reset is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null,
            retryAfter,
            document,
            body,
            error);
    }

    private TimeSpan? RateLimitDelay(ApiResponse response)
    {
        var wait = response.RateLimitReset is { } reset ? reset - _timeProvider.GetUtcNow() + TimeSpan.FromSeconds(1) : response.RetryAfter;
        if (wait is not { } w)
        {
            return null;
        }

        w = w < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : w;
        var capped = w > _options.MaxRateLimitWait ? _options.MaxRateLimitWait : w;
        Log.RateLimitWait(_logger, _source, (long)capped.TotalMilliseconds);
        return capped;
    }

    private void Remember(ApiResponse response)
    {
        if (response.IsSuccess && response.RateLimitRemaining == 0 && response.RateLimitReset is { } reset)
        {
            _waitUntil = reset + TimeSpan.FromSeconds(1);
        }
    }

    private async Task WaitForResetAsync(CancellationToken cancellationToken)
    {
        if (_waitUntil is not { } until)
        {
            return;
        }

        _waitUntil = null;
        var wait = until - _timeProvider.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        wait = wait > _options.MaxRateLimitWait ? _options.MaxRateLimitWait : wait;
        Log.RateLimitWait(_logger, _source, (long)wait.TotalMilliseconds);
        await Task.Delay(wait, _timeProvider, cancellationToken);
    }

    private static long? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
