using Dapper;
using SentimentFactor.Ingest.Sources;
using SentimentFactor.Ingest.Sources.Files;
using SentimentFactor.Ingest.Sources.Http;
using SentimentFactor.Storage.Ingest;
using SentimentFactor.Testing;
using SentimentFactor.Testing.Fakes;

namespace SentimentFactor.Ingest.Tests;

public sealed class IngestRunnerTests : IClassFixture<PostgresFixture>, IDisposable
{
    private static readonly DateTimeOffset Now = TestFiles.Now;
    private readonly PostgresFixture _database;
    private readonly TestFiles _files = new();
    private readonly InstantTimeProvider _clock = new(Now);

    public IngestRunnerTests(PostgresFixture database)
    {
        _database = database;
    }

    public void Dispose() => _files.Dispose();

    private IngestRunner Runner() =>
        new(new PostStore(_database.DataSource), new CursorStore(_database.DataSource), _clock, TestFiles.Logger<IngestRunner>());

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Mixed_file_stores_good_posts_and_rejects_and_a_rerun_adds_nothing()
    {
        var source = Unique("mixed");
        var path = _files.Write("mixed.jsonl", """
            {"id":"1","created_at":"2026-11-20T09:30:00-05:00","text":"$AAPL $BRK.B up","author_id":"a","lang":"en"}
            {"id":"2","created_at":"2026-11-20T15:00:00Z","text":"broken
            {"id":"3","text":"no time"}
            {"id":"1","created_at":"2026-11-20T09:30:00-05:00","text":"$AAPL $BRK.B up","author_id":"a","lang":"en"}
            {"id":"4","created_at":"2026-11-20T16:00:00Z","text":"plain"}
            """);
        var file = new FilePostSource(path, source, FileFormat.Auto, FieldMap.Default, new IngestOptions(), _clock);

        var first = await Runner().RunAsync(file, null, CancellationToken.None);
        var second = await Runner().RunAsync(file, null, CancellationToken.None);

        Assert.Equal((2L, 1L, 2L), (first.Accepted, first.Duplicates, first.Rejected));
        Assert.Equal((0L, 3L, 2L), (second.Accepted, second.Duplicates, second.Rejected));
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(string PostId, DateTime CreatedAt, string[] Symbols, string? Lang)>(
            "SELECT post_id, created_at, symbols, lang FROM sf.posts WHERE source = @source ORDER BY post_id", new { source })).ToList();
        Assert.Equal(["1", "4"], rows.Select(r => r.PostId));
        Assert.Equal(new DateTime(2026, 11, 20, 14, 30, 0, DateTimeKind.Utc), rows[0].CreatedAt.ToUniversalTime());
        Assert.Equal(["AAPL", "BRK.B"], rows[0].Symbols);
        Assert.Equal("en", rows[0].Lang);
        var rejects = await new RejectStore(_database.DataSource).ListAsync(source, CancellationToken.None);
        Assert.Equal(["bad_json", "missing_created_at"], rejects.Select(r => r.Reason));
        Assert.Equal($"{path}:2", rejects[0].Location);
        Assert.Equal("""{"id":"2","created_at":"2026-11-20T15:00:00Z","text":"broken"""u8.ToArray(), rejects[0].Payload);
    }

    [Fact]
    public async Task A_pull_that_dies_between_pages_resumes_from_the_cursor_without_loss_or_duplicates()
    {
        await using var server = new FakeXApiServer(_clock);
        var query = Unique("$AAPL");
        for (var i = 1; i <= 25; i++)
        {
            server.AddTweet(10_000 + i, Now.AddHours(-20 + (i / 2.0)), $"tweet {i} $AAPL");
        }

        using var http = new HttpClient();
        var options = new IngestOptions { XBaseUrl = server.BaseUrl, XMaxResults = 10, MaxRetries = 1 };
        XRecentSearchSource Source() => new(query, null, "test-token", http, options, _clock, TestFiles.Logger<IngestRunnerTests>());

        // Page 1 is stored with its cursor, then the process dies before page 2.
        var crashing = new FailAfterPages(Source(), pages: 1);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Runner().RunAsync(crashing, null, CancellationToken.None));
        var stored = await new PostStore(_database.DataSource).CountAsync("x", CancellationToken.None);

        var resumed = await Runner().RunAsync(Source(), null, CancellationToken.None);

        Assert.Equal(15, resumed.Accepted);
        Assert.Equal(0, resumed.Duplicates);
        Assert.Contains("next_token=below-10016", server.Requests[1], StringComparison.Ordinal);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var ids = (await connection.QueryAsync<string>(
            "SELECT post_id FROM sf.posts WHERE source = 'x' AND post_id::bigint BETWEEN 10001 AND 10025")).ToList();
        Assert.Equal(25, ids.Count);
        Assert.Equal(25, ids.Distinct().Count());
        Assert.Equal(10, stored);
        var cursor = await new CursorStore(_database.DataSource).GetAsync("x", query, CancellationToken.None);
        Assert.StartsWith("""{"since_id":"10025","page":null,"pending_newest_id":null,"start_time":null,"since_at":""", cursor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_whose_write_is_cancelled_is_read_again_next_time()
    {
        await using var server = new FakeStockTwitsServer(_clock) { PageSize = 5 };
        var symbol = "T" + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 1; i <= 12; i++)
        {
            server.AddMessage(symbol, 7_000_000 + i, Now.AddMinutes(-i), $"msg {i} ${symbol}", i % 2 == 0 ? "Bullish" : "Bearish");
        }

        using var http = new HttpClient();
        var options = new IngestOptions { StockTwitsBaseUrl = server.BaseUrl };
        StockTwitsSource Source() => new(symbol, http, options, _clock, TestFiles.Logger<IngestRunnerTests>());
        using var cancel = new CancellationTokenSource();
        var cancelling = new CancelAfterPages(Source(), pages: 2, cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Runner().RunAsync(cancelling, null, cancel.Token));
        var resumed = await Runner().RunAsync(Source(), null, CancellationToken.None);

        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(string PostId, string? UserLabel)>(
            "SELECT post_id, user_label FROM sf.posts WHERE source = 'stocktwits' AND @symbol = ANY(symbols)", new { symbol })).ToList();
        Assert.Equal(12, rows.Count);
        Assert.Equal(6, rows.Count(r => r.UserLabel == "Bullish"));
        Assert.Equal(6, rows.Count(r => r.UserLabel == "Bearish"));
        Assert.InRange(resumed.Accepted, 7, 12);
        Assert.Equal(0, resumed.Duplicates);
    }

    [Fact]
    public async Task A_401_stops_that_source_and_the_next_source_still_runs()
    {
        await using var x = new FakeXApiServer(_clock, bearerToken: "the-real-token");
        await using var stocktwits = new FakeStockTwitsServer(_clock);
        var symbol = "U" + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        stocktwits.AddMessage(symbol, 9_000_001, Now.AddMinutes(-1), "fine", "Bullish");
        using var http = new HttpClient();
        var options = new IngestOptions { XBaseUrl = x.BaseUrl, StockTwitsBaseUrl = stocktwits.BaseUrl };
        var sources = new IPostSource[]
        {
            new XRecentSearchSource(Unique("q"), null, "revoked-token", http, options, _clock, TestFiles.Logger<IngestRunnerTests>()),
            new StockTwitsSource(symbol, http, options, _clock, TestFiles.Logger<IngestRunnerTests>()),
        };

        var results = new List<IngestResult>();
        foreach (var source in sources)
        {
            results.Add(await Runner().RunAsync(source, null, CancellationToken.None));
        }

        Assert.False(results[0].Succeeded);
        Assert.Contains("401", results[0].Error, StringComparison.Ordinal);
        Assert.DoesNotContain("revoked-token", results[0].Error, StringComparison.Ordinal);
        Assert.True(results[1].Succeeded);
        Assert.Equal(1, results[1].Accepted);
    }

    /// <summary>Passes pages through, then throws as a crashed process would (after the page was stored).</summary>
    [Fact]
    public async Task A_truncated_gzip_stores_what_came_before_the_cut_and_stops_that_file_with_its_error()
    {
        var source = Unique("cut");
        var plain = _files.PathOf("plain.jsonl");
        await SamplePostWriter.WriteAsync(plain, 2_000, Now.AddDays(-30), seed: 5, CancellationToken.None);
        var gzip = Gzip(await File.ReadAllBytesAsync(plain));
        var cut = _files.Write("cut.jsonl.gz", gzip[..(gzip.Length / 2)]);
        var whole = _files.Write("whole.jsonl.gz", gzip);
        var options = new IngestOptions { FileBatchSize = 300 };
        FilePostSource Open(string path) => new(path, source, FileFormat.Auto, FieldMap.Default, options, _clock);

        var damaged = await Runner().RunAsync(Open(cut), null, CancellationToken.None);
        var stored = await new PostStore(_database.DataSource).CountAsync(source, CancellationToken.None);
        var again = await Runner().RunAsync(Open(whole), null, CancellationToken.None);

        Assert.False(damaged.Succeeded);
        Assert.Contains(cut, damaged.Error, StringComparison.Ordinal);
        Assert.Contains("truncated", damaged.Error, StringComparison.Ordinal);
        Assert.InRange(damaged.Accepted, 301, 1_999); // more than one page, not all
        Assert.Equal(damaged.Accepted, stored);
        Assert.Equal(1, damaged.Rejected);
        var reject = Assert.Single(await new RejectStore(_database.DataSource).ListAsync(source, CancellationToken.None));
        Assert.Equal(("truncated_gzip", $"{cut}:{damaged.Accepted + 1}"), (reject.Reason, reject.Location));
        Assert.True(again.Succeeded);
        Assert.Equal((2_000 - damaged.Accepted, damaged.Accepted), (again.Accepted, again.Duplicates));
        Assert.Equal(2_000, await new PostStore(_database.DataSource).CountAsync(source, CancellationToken.None));
    }

    [Fact]
    public async Task Pages_read_before_a_file_source_fails_are_all_stored_by_the_parallel_writers()
    {
        var source = Unique("fail");
        var path = _files.PathOf("fail.jsonl");
        await SamplePostWriter.WriteAsync(path, 1_000, Now.AddDays(-30), seed: 6, CancellationToken.None);
        var file = new FilePostSource(path, source, FileFormat.Auto, FieldMap.Default, new IngestOptions { FileBatchSize = 100 }, _clock);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Runner().RunAsync(new FailAfterPages(file, pages: 6), null, CancellationToken.None));

        Assert.Equal(600, await new PostStore(_database.DataSource).CountAsync(source, CancellationToken.None));
    }

    [Fact]
    public async Task A_file_overlapping_stored_posts_across_pages_counts_each_duplicate_once()
    {
        var source = Unique("overlap");
        var first = _files.PathOf("first.jsonl");
        var second = _files.PathOf("second.jsonl");
        await SamplePostWriter.WriteAsync(first, 450, Now.AddDays(-30), seed: 9, CancellationToken.None);
        await SamplePostWriter.WriteAsync(second, 1_000, Now.AddDays(-30), seed: 9, CancellationToken.None); // the same ids as the first file's, then 550 more
        var options = new IngestOptions { FileBatchSize = 100 };

        var one = await Runner().RunAsync(new FilePostSource(first, source, FileFormat.Auto, FieldMap.Default, options, _clock), null, CancellationToken.None);
        var two = await Runner().RunAsync(new FilePostSource(second, source, FileFormat.Auto, FieldMap.Default, options, _clock), null, CancellationToken.None);
        var three = await Runner().RunAsync(new FilePostSource(second, source, FileFormat.Auto, FieldMap.Default, options, _clock), null, CancellationToken.None);

        Assert.Equal((450L, 0L), (one.Accepted, one.Duplicates));
        Assert.Equal((550L, 450L), (two.Accepted, two.Duplicates));
        Assert.Equal((0L, 1_000L), (three.Accepted, three.Duplicates));
        Assert.Equal(1_000, await new PostStore(_database.DataSource).CountAsync(source, CancellationToken.None));
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return buffer.ToArray();
    }

    private sealed class FailAfterPages(IPostSource inner, int pages) : IPostSource
    {
        public string Source => inner.Source;

        public string? CursorKey => inner.CursorKey;

        public async IAsyncEnumerable<PostPage> ReadAsync(string? cursor, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var n = 0;
            await foreach (var page in inner.ReadAsync(cursor, cancellationToken))
            {
                yield return page;
                if (++n == pages)
                {
                    // The runner drains the pages handed over before it sees the failure.
                    throw new InvalidOperationException("simulated crash");
                }
            }
        }
    }

    /// <summary>Passes pages through and cancels the run as soon as page <c>pages</c> is handed over.</summary>
    private sealed class CancelAfterPages(IPostSource inner, int pages, CancellationTokenSource cancel) : IPostSource
    {
        public string Source => inner.Source;

        public string? CursorKey => inner.CursorKey;

        public async IAsyncEnumerable<PostPage> ReadAsync(string? cursor, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var n = 0;
            await foreach (var page in inner.ReadAsync(cursor, cancellationToken))
            {
                if (++n == pages)
                {
                    await cancel.CancelAsync();
                }

                yield return page;
            }
        }
    }
}
