using System.Text.Json;
using SentimentFactor.Ingest.Sources.Http;
using SentimentFactor.Testing.Fakes;

namespace SentimentFactor.Ingest.Tests.Sources.Http;

public sealed class StockTwitsSourceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = TestFiles.Now;
    private readonly InstantTimeProvider _clock = new(Now);
    private readonly HttpClient _http = new();
    private FakeStockTwitsServer _server = null!;

    public Task InitializeAsync()
    {
        _server = new FakeStockTwitsServer(_clock) { PageSize = 30 };
        for (var i = 1; i <= 70; i++)
        {
            _server.AddMessage("AAPL", 500_000 + i, Now.AddMinutes(-100 + i), $"message {i} $AAPL", (i % 3) switch { 0 => "Bullish", 1 => "Bearish", _ => null });
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private StockTwitsSource Source(string symbol = "aapl", int maxPages = 20) =>
        new(symbol, _http, new IngestOptions { StockTwitsBaseUrl = _server.BaseUrl, StockTwitsMaxPages = maxPages }, _clock, TestFiles.Logger<StockTwitsSourceTests>());

    [Fact]
    public async Task Stream_pages_go_back_with_max_and_keep_the_users_own_label()
    {
        var (posts, rejects, pages) = await TestFiles.DrainAsync(Source());

        Assert.Empty(rejects);
        Assert.Equal(70, posts.Select(p => p.PostId).Distinct().Count());
        Assert.Equal([30, 30, 10], pages.Select(p => p.Posts.Count));
        Assert.Equal("/api/2/streams/symbol/AAPL.json?max=500040", _server.Requests[1]);
        var bullish = posts.Single(p => p.PostId == "500003");
        Assert.Equal(("Bullish", "7"), (bullish.UserLabel, bullish.AuthorId));
        Assert.Equal(["AAPL"], bullish.Symbols);
        Assert.Equal("Bearish", posts.Single(p => p.PostId == "500001").UserLabel);
        Assert.Null(posts.Single(p => p.PostId == "500002").UserLabel);
        Assert.Equal(Now.AddMinutes(-97), bullish.CreatedAt);
        Assert.All(posts, p => Assert.Equal("stocktwits", p.Source));
        using var cursor = JsonDocument.Parse(pages[^1].Cursor!);
        Assert.Equal("500070", cursor.RootElement.GetProperty("since_id").GetString());
    }

    [Fact]
    public async Task The_next_pull_asks_since_the_newest_and_fills_the_gap_page_by_page()
    {
        var (_, _, first) = await TestFiles.DrainAsync(Source());
        for (var i = 1; i <= 40; i++)
        {
            _server.AddMessage("AAPL", 600_000 + i, Now.AddMinutes(i), $"new {i}", null);
        }

        var (posts, _, pages) = await TestFiles.DrainAsync(Source(), first[^1].Cursor);

        Assert.Equal(40, posts.Count);
        Assert.Equal([30, 10], pages.Select(p => p.Posts.Count));
        Assert.Equal("/api/2/streams/symbol/AAPL.json?since=500070", _server.Requests[3]);
        Assert.Equal("/api/2/streams/symbol/AAPL.json?since=500070&max=600010", _server.Requests[4]);
    }

    [Fact]
    public async Task The_first_pull_reads_at_most_the_page_limit_of_history()
    {
        var (posts, _, pages) = await TestFiles.DrainAsync(Source(maxPages: 1));

        Assert.Equal(30, posts.Count);
        using var cursor = JsonDocument.Parse(pages[^1].Cursor!);
        Assert.Equal("500070", cursor.RootElement.GetProperty("since_id").GetString());
    }

    [Fact]
    public async Task Rate_limits_and_server_errors_are_waited_out()
    {
        _server.Enqueue(new FakeFault.RateLimited(TimeSpan.FromSeconds(30)), new FakeFault.ServerError(502), new FakeFault.TruncatedBody());

        var (posts, _, _) = await TestFiles.DrainAsync(Source());

        Assert.Equal(70, posts.Count);
        Assert.Equal(3, _clock.Waits.Count);
        Assert.InRange(_clock.Waits[0].TotalSeconds, 29, 32);
    }

    [Fact]
    public async Task Its_own_X_RateLimit_Remaining_zero_makes_the_next_request_wait_for_X_RateLimit_Reset()
    {
        _server.RateLimitRemaining = 0;

        var (posts, _, _) = await TestFiles.DrainAsync(Source());

        Assert.Equal(70, posts.Count);
        Assert.Contains("X-RateLimit-Reset", _server.ResponseHeaderNames);
        Assert.Equal(2, _clock.Waits.Count);
        Assert.All(_clock.Waits, w => Assert.InRange(w.TotalMinutes, 14, 16));
    }

    [Fact]
    public async Task An_unknown_symbol_fails_with_the_status_and_a_hint()
    {
        var error = await Assert.ThrowsAsync<IngestException>(() => TestFiles.DrainAsync(Source("NOPE")));

        Assert.Contains("404", error.Message, StringComparison.Ordinal);
        Assert.Contains("Symbol not found", error.Message, StringComparison.Ordinal);
        Assert.True(error.StopsSource); // only this symbol fails; the command's others still run
    }

    [Fact]
    public async Task A_401_stops_the_source_as_unauthorized()
    {
        _server.Enqueue(new FakeFault.Unauthorized());

        var error = await Assert.ThrowsAsync<IngestException>(() => TestFiles.DrainAsync(Source()));

        Assert.True(error.IsUnauthorized);
    }
}
