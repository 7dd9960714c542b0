using Dapper;
using Npgsql;
using SentimentFactor.Core.Records;
using SentimentFactor.Storage.Ingest;
using SentimentFactor.Testing;
using Xunit;

namespace SentimentFactor.Storage.Tests.Ingest;

public sealed class PostStoreTests : IClassFixture<PostgresFixture>
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 14, 30, 15, TimeSpan.Zero);
    private readonly NpgsqlDataSource _dataSource;

    public PostStoreTests(PostgresFixture fixture)
    {
        _dataSource = fixture.DataSource;
    }

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private static PostRecord Post(string source, string id, string text = "plain", string[]? symbols = null) =>
        new(source, id, At, "author", "en", text, symbols ?? []);

    private async Task<List<(string PostId, DateTime CreatedAt, string? AuthorId, string? Lang, string Text, string[] Symbols, string? UserLabel)>> RowsAsync(string source)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(string, DateTime, string?, string?, string, string[], string?)>(
            "SELECT post_id, created_at, author_id, lang, text, symbols, user_label FROM sf.posts WHERE source = @source ORDER BY post_id",
            new { source });
        return rows.ToList();
    }

    [Fact]
    public async Task Direct_copy_stores_every_column_exactly_as_given()
    {
        var source = Unique("direct");
        var longText = string.Concat(Enumerable.Repeat("€ $AAPL ", 200_000)); // 1.8 MB of UTF-8: more than the write buffer
        var posts = new List<PostRecord>
        {
            new(source, "1", At.AddTicks(1_234_560), "a1", "en", "Ünïcödé 😀 $NVDA \"quoted\" \\ tab\t", ["NVDA", "BRK.B"], "Bullish"),
            new(source, "2", At, null, null, "", []),
            new(source, "3", At.AddYears(-20), "a3", "de", longText, ["AAPL"]),
        };

        var written = await new PostStore(_dataSource).WritePageAsync(posts, [], null, tryDirectCopy: true, CancellationToken.None);

        Assert.Equal(new PostWriteResult(3, 0, 0, DirectCopy: true), written);
        var rows = await RowsAsync(source);
        Assert.Equal(("1", At.AddTicks(1_234_560).UtcDateTime, "a1", "en", "Ünïcödé 😀 $NVDA \"quoted\" \\ tab\t", "Bullish"),
            (rows[0].PostId, rows[0].CreatedAt.ToUniversalTime(), rows[0].AuthorId, rows[0].Lang, rows[0].Text, rows[0].UserLabel));
        Assert.Equal(["NVDA", "BRK.B"], rows[0].Symbols);
        Assert.Equal(("2", (string?)null, (string?)null, "", (string?)null), (rows[1].PostId, rows[1].AuthorId, rows[1].Lang, rows[1].Text, rows[1].UserLabel));
        Assert.Empty(rows[1].Symbols);
        Assert.Equal(At.AddYears(-20).UtcDateTime, rows[2].CreatedAt.ToUniversalTime());
        Assert.Equal(longText, rows[2].Text);
    }

    [Fact]
    public async Task Direct_copy_of_a_page_with_stored_keys_falls_back_to_the_merge_and_counts_duplicates()
    {
        var source = Unique("overlap");
        var store = new PostStore(_dataSource);
        await store.WritePageAsync([Post(source, "1", "first"), Post(source, "2", "first")], [], null, tryDirectCopy: true, CancellationToken.None);

        var second = await store.WritePageAsync(
            [Post(source, "2", "second"), Post(source, "3", "second"), Post(source, "1", "second"), Post(source, "4", "second")],
            [],
            null,
            tryDirectCopy: true,
            CancellationToken.None);

        Assert.Equal(new PostWriteResult(2, 2, 0, DirectCopy: false), second);
        var rows = await RowsAsync(source);
        Assert.Equal(["1", "2", "3", "4"], rows.Select(r => r.PostId));
        Assert.Equal(["first", "first", "second", "second"], rows.Select(r => r.Text)); // the stored posts were not replaced
    }

    [Fact]
    public async Task A_key_twice_in_one_page_is_stored_once_and_counted_as_a_duplicate()
    {
        var source = Unique("twice");

        var written = await new PostStore(_dataSource).WritePageAsync(
            [Post(source, "7", "one"), Post(source, "8"), Post(source, "7", "one")], [], null, tryDirectCopy: true, CancellationToken.None);

        Assert.Equal(new PostWriteResult(2, 1, 0, DirectCopy: false), written);
        Assert.Equal(["7", "8"], (await RowsAsync(source)).Select(r => r.PostId));
    }

    [Fact]
    public async Task A_fallen_back_page_writes_its_rejects_and_cursor_once_with_the_posts()
    {
        var source = Unique("cursor");
        var store = new PostStore(_dataSource);
        await store.WritePageAsync([Post(source, "1")], [], null, tryDirectCopy: true, CancellationToken.None);
        RejectRecord[] rejects = [new(source, "bad_json", "{oops"u8.ToArray(), "page 2 #1")];

        var written = await store.WritePageAsync(
            [Post(source, "1"), Post(source, "2")], rejects, new CursorUpdate(source, "q", "page-3"), tryDirectCopy: true, CancellationToken.None);

        Assert.Equal(new PostWriteResult(1, 1, 1, DirectCopy: false), written);
        Assert.Equal(["1", "2"], (await RowsAsync(source)).Select(r => r.PostId));
        Assert.Equal(["bad_json"], (await new RejectStore(_dataSource).ListAsync(source, CancellationToken.None)).Select(r => r.Reason));
        Assert.Equal("page-3", await new CursorStore(_dataSource).GetAsync(source, "q", CancellationToken.None));
    }

    [Fact]
    public async Task The_merge_path_stores_the_same_rows_as_the_direct_path()
    {
        var direct = Unique("via-copy");
        var staged = Unique("via-stage");
        PostRecord[] Page(string source) =>
        [
            new(source, "10", At, "a", "en", "$TSLA to the moon 🚀", ["TSLA"], "Bearish"),
            new(source, "11", At.AddSeconds(1), null, null, "nothing", []),
        ];
        var store = new PostStore(_dataSource);

        var viaCopy = await store.WritePageAsync(Page(direct), [], null, tryDirectCopy: true, CancellationToken.None);
        var viaStage = await store.WritePageAsync(Page(staged), [], null, tryDirectCopy: false, CancellationToken.None);

        Assert.Equal((true, false), (viaCopy.DirectCopy, viaStage.DirectCopy));
        // Arrays compare by reference inside tuples: compare the rows as text.
        static string Text((string PostId, DateTime CreatedAt, string? AuthorId, string? Lang, string Text, string[] Symbols, string? UserLabel) r) =>
            $"{r.PostId}|{r.CreatedAt.ToUniversalTime():O}|{r.AuthorId}|{r.Lang}|{r.Text}|{string.Join(',', r.Symbols)}|{r.UserLabel}";
        var expected = (await RowsAsync(direct)).Select(Text).ToList();
        Assert.Equal(2, expected.Count);
        Assert.Equal(expected, (await RowsAsync(staged)).Select(Text));
    }
}
