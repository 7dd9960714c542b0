namespace SentimentFactor.Testing.Fakes;

/// <summary>A failure a fake API answers one request with instead of the real answer.</summary>
public abstract record FakeFault
{
    /// <summary>429 Too Many Requests with x-rate-limit-remaining 0 and x-rate-limit-reset = now + <paramref name="ResetIn"/>.</summary>
    public sealed record RateLimited(TimeSpan ResetIn) : FakeFault;

    /// <summary>A 5xx answer (500 unless said).</summary>
    public sealed record ServerError(int Status = 500) : FakeFault;

    /// <summary>The right status and Content-Length, but the connection closes halfway through the body.</summary>
    public sealed record TruncatedBody : FakeFault;

    /// <summary>A complete HTTP answer whose JSON body is cut in the middle.</summary>
    public sealed record TruncatedJson : FakeFault;

    /// <summary>No answer until <paramref name="Until"/> completes (a hung API), then the real one.</summary>
    public sealed record Stall(Task Until) : FakeFault;

    /// <summary>401 Unauthorized.</summary>
    public sealed record Unauthorized : FakeFault;
}
