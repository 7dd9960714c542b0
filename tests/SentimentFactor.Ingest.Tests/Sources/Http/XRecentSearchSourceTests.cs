using System.Text.Json;
using SentimentFactor.Ingest.Sources.Http;
using SentimentFactor.Testing.Fakes;

namespace SentimentFactor.Ingest.Tests.Sources.Http;

public sealed class XRecentSearchSourceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = TestFiles.Now;
    private readonly InstantTimeProvider _clock = new(Now);
    private readonly HttpClient _http = new();
    private FakeXApiServer _server = null!;

    public Task InitializeAsync()
    {
        _server = new FakeXApiServer(_clock);
        for (var i = 1; i <= 25; i++)
        {
            _server.AddTweet(1_000 + i, Now.AddHours(-30 + i), $"tweet {i} about $AAPL");
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private XRecentSearchSource Source(string token = "test-token", DateTimeOffset? since = null, IngestOptions? options = null) =>
        new("$AAPL lang:en", since, token, _http, options ?? Options(), _clock, TestFiles.Logger<XRecentSearchSourceTests>());

    private IngestOptions Options() => new() { XBaseUrl = _server.BaseUrl, XMaxResults = 10, RetryBaseDelay = TimeSpan.FromSeconds(2) };

    [Fact]
    public async Task Pages_follow_next_token_and_each_carries_its_cursor()
    {
        var (posts, rejects, pages) = await TestFiles.DrainAsync(Source());

        Assert.Empty(rejects);
        Assert.Equal(25, posts.Count);
        Assert.Equal(25, posts.Select(p => p.PostId).Distinct().Count());
        Assert.Equal([10, 10, 5], pages.Select(p => p.Posts.Count));
        Assert.All(posts, p => Assert.Equal(["AAPL"], p.Symbols));
        Assert.Contains("next_token=below-1016", _server.Requests[1], StringComparison.Ordinal);
        Assert.Contains("tweet.fields=created_at%2Clang%2Cauthor_id%2Centities", _server.Requests[0], StringComparison.Ordinal);
        Assert.Contains("\"page\":\"below-1016\"", pages[0].Cursor, StringComparison.Ordinal);
        using var last = JsonDocument.Parse(pages[2].Cursor!);
        Assert.Equal("1025", last.RootElement.GetProperty("since_id").GetString());
        Assert.Equal(JsonValueKind.Null, last.RootElement.GetProperty("page").ValueKind);
        Assert.Equal("Bearer test-token", _server.LastAuthorization);
        Assert.All(_server.Requests, r => Assert.DoesNotContain("test-token", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_next_pull_asks_only_for_newer_posts()
    {
        var (_, _, pages) = await TestFiles.DrainAsync(Source());
        _server.AddTweet(2_000, Now.AddMinutes(-5), "late $MSFT");

        var (posts, _, _) = await TestFiles.DrainAsync(Source(), pages[^1].Cursor);

        Assert.Equal("2000", Assert.Single(posts).PostId);
        Assert.Contains("since_id=1025", _server.Requests[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pull_resumes_at_the_page_after_the_last_saved_cursor()
    {
        string? saved = null;
        await foreach (var page in Source().ReadAsync(null, CancellationToken.None))
        {
            saved = page.Cursor;
            break; // the process "crashes" after the first page was stored with its cursor
        }

        var (posts, _, _) = await TestFiles.DrainAsync(Source(), saved);

        Assert.Equal(15, posts.Count);
        Assert.Equal(Enumerable.Range(1001, 15).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), posts.Select(p => p.PostId).Order(StringComparer.Ordinal));
        Assert.Contains("next_token=below-1016", _server.Requests[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_waits_until_the_reset_header_then_retries()
    {
        _server.Enqueue(new FakeFault.RateLimited(TimeSpan.FromSeconds(90)));

        var (posts, _, _) = await TestFiles.DrainAsync(Source());

        Assert.Equal(25, posts.Count);
        var wait = Assert.Single(_clock.Waits);
        Assert.InRange(wait.TotalSeconds, 89, 92);
    }

    [Fact]
    public async Task A_429_wait_is_capped()
    {
        _server.Enqueue(new FakeFault.RateLimited(TimeSpan.FromHours(3)));
        var options = Options();
        options.MaxRateLimitWait = TimeSpan.FromMinutes(15);

        var (posts, _, _) = await TestFiles.DrainAsync(Source(options: options));

        Assert.Equal(25, posts.Count);
        Assert.Equal(TimeSpan.FromMinutes(15), Assert.Single(_clock.Waits));
    }

    [Fact]
    public async Task Remaining_zero_makes_the_next_request_wait_for_the_reset()
    {
        _server.RateLimitRemaining = 0;

        var (posts, _, _) = await TestFiles.DrainAsync(Source());

        Assert.Equal(25, posts.Count);
        Assert.Equal(2, _clock.Waits.Count);
        Assert.All(_clock.Waits, w => Assert.InRange(w.TotalMinutes, 14, 16));
    }

    [Fact]
    public async Task Server_errors_and_truncated_bodies_are_retried_with_backoff()
    {
        _server.Enqueue(new FakeFault.ServerError(), new FakeFault.TruncatedBody(), new FakeFault.TruncatedJson(), new FakeFault.ServerError(503));
        var options = Options();
        options.RetryJitter = false; // jitter makes single waits random; without it the doubling is exact

        var (posts, rejects, _) = await TestFiles.DrainAsync(Source(options: options));

        Assert.Equal(25, posts.Count);
        Assert.Empty(rejects);
        Assert.Equal([2, 4, 8, 16], _clock.Waits.Select(w => w.TotalSeconds));
        Assert.Equal(3 + 4, _server.Requests.Count);
    }

    [Fact]
    public async Task Persistent_server_errors_stop_with_a_clear_message_after_the_retries()
    {
        var options = Options();
        options.MaxRetries = 2;
        _server.Enqueue(new FakeFault.ServerError(), new FakeFault.ServerError(), new FakeFault.ServerError());

        var error = await Assert.ThrowsAsync<IngestException>(() => TestFiles.DrainAsync(Source(options: options)));

        Assert.Contains("after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsUnauthorized);
    }

    [Fact]
    public async Task A_refused_token_stops_with_401_and_says_what_to_check()
    {
        var error = await Assert.ThrowsAsync<IngestException>(() => TestFiles.DrainAsync(Source(token: "wrong")));

        Assert.True(error.IsUnauthorized);
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Contains("SF_X_BEARER_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", error.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public void A_missing_token_fails_before_any_request()
    {
        var error = Assert.Throws<IngestException>(() => Source(token: ""));

        Assert.Contains("SF_X_BEARER_TOKEN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Since_sets_start_time_and_bad_tweets_become_rejects()
    {
        _server.AddRaw(3_000, Now, new System.Text.Json.Nodes.JsonObject { ["id"] = "3000", ["text"] = "no time $X" });

        var (posts, rejects, _) = await TestFiles.DrainAsync(Source(since: Now.AddHours(-10)));

        Assert.Contains("start_time=2026-11-25T12%3A00%3A00Z", _server.Requests[0], StringComparison.Ordinal);
        // Tweets 20..25 are at or after now - 10 h.
        Assert.Equal(6, posts.Count);
        var reject = Assert.Single(rejects);
        Assert.Equal(("x", "missing_created_at"), (reject.Source, reject.Reason));
        Assert.Contains("\"id\":\"3000\"", System.Text.Encoding.UTF8.GetString(reject.Payload), StringComparison.Ordinal);
    }
}
