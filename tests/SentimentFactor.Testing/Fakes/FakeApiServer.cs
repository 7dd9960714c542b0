using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SentimentFactor.Testing.Fakes;

/// <summary>
/// An HTTP server on 127.0.0.1 (free port) that answers with JSON from <see cref="Route"/>, after first serving any
/// queued <see cref="FakeFault"/>s. Sends x-rate-limit-* headers on every answer (clock: the given TimeProvider).
/// Records every request's path and query.
/// </summary>
public abstract class FakeApiServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly ConcurrentQueue<FakeFault> _faults = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    protected FakeApiServer(TimeProvider clock)
    {
        Clock = clock;
        // The probed port can be taken by a parallel test before we bind it: try another, on a new listener each
        // time (a listener whose Start failed may keep the failed prefix and fail again).
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            try
            {
                listener.Prefixes.Add($"http://127.0.0.1:{port}/");
                listener.Start();
                _listener = listener;
                BaseUrl = new Uri($"http://127.0.0.1:{port}/");
                break;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                listener.Close();
            }
        }

        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Where the server listens, ending in '/'.</summary>
    public Uri BaseUrl { get; } = null!;

    /// <summary>The clock whose time goes into x-rate-limit-reset.</summary>
    public TimeProvider Clock { get; }

    /// <summary>x-rate-limit-remaining of successful answers.</summary>
    public int RateLimitRemaining { get; set; } = 100;

    /// <summary>Path and query of every request so far.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Names of the headers of the last answer.</summary>
    public IReadOnlyList<string> ResponseHeaderNames { get; private set; } = [];

    /// <summary>Authorization header of the last request (null when none).</summary>
    public string? LastAuthorization { get; private set; }

    /// <summary>
    /// How the API names its rate-limit headers: X sends x-rate-limit-limit/-remaining/-reset, StockTwits
    /// X-RateLimit-Limit/-Remaining/-Reset (header names are case-insensitive, but the hyphen differs).
    /// </summary>
    protected virtual (string Limit, string Remaining, string Reset) RateLimitHeaders => ("x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset");

    /// <summary>Answers the next request(s) with these failures, in order.</summary>
    public void Enqueue(params FakeFault[] faults)
    {
        foreach (var fault in faults)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <summary>Status code and JSON body for a request that meets no fault.</summary>
    protected abstract (int Status, string Body) Route(HttpListenerRequest request);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _listener.Close();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static string Query(HttpListenerRequest request, string name) => request.QueryString[name] ?? "";

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await AnswerAsync(context);
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The client went away (a stalled answer released after its client was killed finds its response
                // already closed: InvalidOperationException); nothing to do.
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        _requests.Enqueue(request.Url!.PathAndQuery);
        LastAuthorization = request.Headers["Authorization"];
        var now = Clock.GetUtcNow();
        response.ContentType = "application/json";
        response.Headers[RateLimitHeaders.Limit] = "450";
        if (_faults.TryDequeue(out var fault))
        {
            switch (fault)
            {
                case FakeFault.RateLimited limited:
                    response.Headers[RateLimitHeaders.Remaining] = "0";
                    response.Headers[RateLimitHeaders.Reset] = (now + limited.ResetIn).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                    await WriteAsync(response, 429, """{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}""");
                    return;
                case FakeFault.ServerError error:
                    await WriteAsync(response, error.Status, """{"title":"Service Unavailable","status":503}""");
                    return;
                case FakeFault.Unauthorized:
                    await WriteAsync(response, 401, """{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}""");
                    return;
                case FakeFault.TruncatedJson:
                    var (_, whole) = Route(request);
                    await WriteAsync(response, 200, whole[..(whole.Length / 2)]);
                    return;
                case FakeFault.Stall stall:
                    await stall.Until;
                    break;
                case FakeFault.TruncatedBody:
                    var (_, full) = Route(request);
                    var bytes = Encoding.UTF8.GetBytes(full);
                    response.StatusCode = 200;
                    response.ContentLength64 = bytes.Length;
                    await response.OutputStream.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
                    await response.OutputStream.FlushAsync();
                    response.Abort();
                    return;
            }
        }

        response.Headers[RateLimitHeaders.Remaining] = RateLimitRemaining.ToString(CultureInfo.InvariantCulture);
        response.Headers[RateLimitHeaders.Reset] = (now + TimeSpan.FromMinutes(15)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var (status, body) = Route(request);
        await WriteAsync(response, status, body);
    }

    private async Task WriteAsync(HttpListenerResponse response, int status, string body)
    {
        ResponseHeaderNames = [.. response.Headers.AllKeys.OfType<string>()];
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }
}
