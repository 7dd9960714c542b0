using System.Net;
using SentimentFactor.Testing;
using SentimentFactor.Testing.Fakes;

namespace SentimentFactor.Ingest.Tests.Sources.Http;

/// <summary>The fake API servers themselves: other tests lean on them surviving clients that go away.</summary>
public sealed class FakeApiServerTests
{
    // CI once failed a test in its cleanup: the client of a stalled request had been killed, the stall was released,
    // and writing the released answer threw InvalidOperationException ("response has been submitted") out of the
    // server's loop and DisposeAsync. That timing did not reproduce here; this checks the loop outlives an abandoned
    // stalled request, which a throw out of it would break.
    [Fact]
    public async Task A_stalled_answer_released_after_its_client_went_away_leaves_the_server_serving()
    {
        await using var server = new FakeXApiServer(TimeProvider.System);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Enqueue(new FakeFault.Stall(release.Task));
        var url = new Uri(server.BaseUrl, "2/tweets/search/recent?query=x");
        using (var gone = new HttpClient())
        {
            using var abandon = new CancellationTokenSource();
            var stalled = gone.GetAsync(url, abandon.Token);
            Assert.True(await Poll.UntilAsync(() => server.Requests.Count > 0, TimeSpan.FromSeconds(5)), "the request never reached the server");
            Assert.Single(server.Requests);
            await abandon.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stalled);
        }

        await Task.Delay(300); // let the server notice the closed connection
        release.SetResult();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", server.BearerToken);
        using var next = await http.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }
}
