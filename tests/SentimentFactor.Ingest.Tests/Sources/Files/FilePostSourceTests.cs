using System.Text;
using SentimentFactor.Ingest.Sources.Files;

namespace SentimentFactor.Ingest.Tests.Sources.Files;

public sealed partial class FilePostSourceTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Default_layout_lines_become_posts_with_symbols_lang_and_utc_time()
    {
        var path = _files.Write("posts.jsonl", """
            {"id": "1", "created_at": "2026-11-20T09:30:00-05:00", "text": "$AAPL beats, $brk.b flat", "author_id": "a1", "lang": "en"}
            {"id": 2, "created_at": "2026-11-20T15:00:00Z", "text": "no tickers here"}
            """);

        var (posts, rejects, _) = await TestFiles.DrainAsync(TestFiles.Source(path));

        Assert.Empty(rejects);
        Assert.Equal(2, posts.Count);
        Assert.Equal("1", posts[0].PostId);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 14, 30, 0, TimeSpan.Zero), posts[0].CreatedAt);
        Assert.Equal(TimeSpan.Zero, posts[0].CreatedAt.Offset);
        Assert.Equal(["AAPL", "BRK.B"], posts[0].Symbols);
        Assert.Equal("en", posts[0].Lang);
        Assert.Equal("a1", posts[0].AuthorId);
        Assert.Equal("$AAPL beats, $brk.b flat", posts[0].Text);
        Assert.Equal("2", posts[1].PostId);
        Assert.Null(posts[1].Lang);
        Assert.Null(posts[1].AuthorId);
        Assert.Empty(posts[1].Symbols);
    }

    [Fact]
    public async Task Mixed_file_keeps_good_lines_and_rejects_each_bad_one_with_reason_and_line()
    {
        var good = """{"id":"10","created_at":"2026-11-20T15:00:00Z","text":"fine $MSFT"}""";
        var lines = new List<byte[]>
        {
            Encoding.UTF8.GetBytes(good),
            Encoding.UTF8.GetBytes("""{"id":"11","created_at":"2026-11-20T15:00:00Z","text":"cut"""),
            Encoding.UTF8.GetBytes("""{"created_at":"2026-11-20T15:00:00Z","text":"no id"}"""),
            Encoding.UTF8.GetBytes("""{"id":"13","text":"no time"}"""),
            Encoding.UTF8.GetBytes("""{"id":"14","created_at":"2026-02-30T15:00:00Z","text":"impossible date"}"""),
            Encoding.UTF8.GetBytes("{\"id\":\"15\",\"created_at\":\"2026-11-20T15:00:00Z\",\"text\":\"bad ").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray(),
            Encoding.UTF8.GetBytes($$"""{"id":"16","created_at":"2026-11-20T15:00:00Z","text":"{{new string('x', 2000)}}"}"""),
            Encoding.UTF8.GetBytes("""{"id":"17","created_at":"2026-11-20T15:00:00Z","text":"nul \u0000 inside"}"""),
            Encoding.UTF8.GetBytes("""["not", "an", "object"]"""),
            Encoding.UTF8.GetBytes("""{"id":"19","created_at":"2030-01-01T00:00:00Z","text":"from the future"}"""),
            Encoding.UTF8.GetBytes("""{"id":"20","created_at":"2026-11-20T16:00:00Z","text":"also fine"}"""),
        };
        var path = _files.Write("mixed.jsonl", [.. lines.SelectMany(l => l.Concat("\n"u8.ToArray()))]);
        var options = new IngestOptions { MaxTextBytes = 1024 };

        var (posts, rejects, _) = await TestFiles.DrainAsync(TestFiles.Source(path, options: options));

        Assert.Equal(["10", "20"], posts.Select(p => p.PostId));
        Assert.Equal(
            ["bad_json", "missing_id", "missing_created_at", "bad_created_at", "invalid_utf8", "field_too_long:text", "nul_character", "not_a_post", "created_at_out_of_range"],
            rejects.Select(r => r.Reason));
        Assert.Equal($"{path}:2", rejects[0].Location);
        Assert.Equal($"{path}:6", rejects[4].Location);
        Assert.Equal(lines[5], rejects[4].Payload);
        Assert.All(rejects, r => Assert.Equal("file", r.Source));
    }

    [Fact]
    public async Task Gzip_is_recognised_by_its_magic_bytes_whatever_the_name()
    {
        var path = _files.WriteGzip("export.data", """
            {"id":"1","created_at":"2026-11-20T15:00:00Z","text":"$QQQ up"}
            {"id":"2","created_at":"2026-11-20T15:01:00Z","text":"$QQQ down"}
            """);

        var (posts, rejects, _) = await TestFiles.DrainAsync(TestFiles.Source(path));

        Assert.Empty(rejects);
        Assert.Equal(["1", "2"], posts.Select(p => p.PostId));
    }

    [Fact]
    public async Task X_v2_tweets_and_whole_response_pages_are_recognised()
    {
        var path = _files.Write("v2.jsonl", """
            {"id":"1800000000000000001","text":"$NVDA guidance","created_at":"2026-11-20T15:00:00.000Z","author_id":"99","lang":"en","entities":{"cashtags":[{"start":0,"end":5,"tag":"NVDA"}]},"edit_history_tweet_ids":["1800000000000000001"]}
            {"data":[{"id":"1800000000000000002","text":"plain","created_at":"2026-11-20T15:01:00.000Z","author_id":"98","lang":"de","entities":{"cashtags":[{"start":0,"end":4,"tag":"SAP"}]}},{"id":"1800000000000000003","text":"second","created_at":"2026-11-20T15:02:00.000Z"},{"text":"no id","created_at":"2026-11-20T15:02:00.000Z"}],"meta":{"result_count":3,"newest_id":"1800000000000000003"}}
            """);

        var (posts, rejects, _) = await TestFiles.DrainAsync(TestFiles.Source(path));

        Assert.Equal(["1800000000000000001", "1800000000000000002", "1800000000000000003"], posts.Select(p => p.PostId));
        Assert.Equal(["NVDA"], posts[0].Symbols);
        Assert.Equal(["SAP"], posts[1].Symbols);
        Assert.Equal("de", posts[1].Lang);
        Assert.Equal("98", posts[1].AuthorId);
        var reject = Assert.Single(rejects);
        Assert.Equal("missing_id", reject.Reason);
        Assert.Equal($"{path}:2#2", reject.Location);
        Assert.Contains("no id", Encoding.UTF8.GetString(reject.Payload), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Twitter_v1_statuses_use_id_str_user_id_str_and_the_full_text()
    {
        var path = _files.Write("v1.jsonl", """
            {"created_at":"Wed Jan 01 03:59:03 +0000 2014","id":418575307328757760,"id_str":"418575307328757761","text":"short $AAPL\u2026","truncated":true,"user":{"id":12,"id_str":"12"},"lang":"en","entities":{"symbols":[{"text":"AAPL","indices":[6,11]}]},"extended_tweet":{"full_text":"short $AAPL and the rest of it with $GOOG","entities":{"symbols":[{"text":"AAPL"},{"text":"GOOG"}]}}}
            {"created_at":"Thu Jan 02 10:00:00 +0100 2014","id_str":"418575307328757762","full_text":"full text field $IBM","user":{"id_str":"13"}}
            """);

        var (posts, rejects, _) = await TestFiles.DrainAsync(TestFiles.Source(path));

        Assert.Empty(rejects);
        Assert.Equal("418575307328757761", posts[0].PostId);
        Assert.Equal(new DateTimeOffset(2014, 1, 1, 3, 59, 3, TimeSpan.Zero), posts[0].CreatedAt);
        Assert.Equal("short $AAPL and the rest of it with $GOOG", posts[0].Text);
        Assert.Equal("12", posts[0].AuthorId);
        Assert.Equal(["AAPL", "GOOG"], posts[0].Symbols);
        Assert.Equal(new DateTimeOffset(2014, 1, 2, 9, 0, 0, TimeSpan.Zero), posts[1].CreatedAt);
        Assert.Equal("full text field $IBM", posts[1].Text);
        Assert.Equal("13", posts[1].AuthorId);
    }

    [Fact]
    public async Task Other_field_names_come_through_a_mapping_including_nested_paths()
    {
        var path = _files.Write("custom.jsonl", """
            {"tweet_id":"5","ts":"2026-11-20T15:00:00Z","body":"mapped $AMD","user":{"handle":"u5"}}
            """);
        var map = FieldMap.Parse(["id=tweet_id,created_at=ts", "text=body,author_id=user.handle"]);

        var (posts, rejects, _) = await TestFiles.DrainAsync(TestFiles.Source(path, map));

        Assert.Empty(rejects);
        var post = Assert.Single(posts);
        Assert.Equal(("5", "mapped $AMD", "u5"), (post.PostId, post.Text, post.AuthorId));
        Assert.Equal(["AMD"], post.Symbols);
    }

    [Fact]
    public async Task Csv_with_quotes_commas_and_line_breaks_and_a_mapped_column()
    {
        var path = _files.Write("posts.csv", "\uFEFFid,created_at,body,lang\r\n"
            + "1,2026-11-20T15:00:00Z,\"$TSLA, \"\"really\"\" up\nsecond line\",en\r\n"
            + "2,2026-11-20T15:01:00Z,plain $F,en\r\n"
            + "3,2026-11-20T15:01:00Z,too,many,columns\r\n"
            + "4,not a date,text,en\r\n");
        var map = FieldMap.Parse(["text=body"]);

        var (posts, rejects, _) = await TestFiles.DrainAsync(TestFiles.Source(path, map));

        Assert.Equal(["1", "2"], posts.Select(p => p.PostId));
        Assert.Equal("$TSLA, \"really\" up\nsecond line", posts[0].Text);
        Assert.Equal(["TSLA"], posts[0].Symbols);
        Assert.Equal(["bad_csv_column_count", "bad_created_at"], rejects.Select(r => r.Reason));
        Assert.Equal($"{path}:5", rejects[0].Location);
    }

    // Sentiment140's layout: polarity, id, date with a US zone name, query, user, text; no header, CRLF, a BOM here.
    [Fact]
    public async Task Csv_without_a_header_row_is_read_by_column_positions_first_row_included()
    {
        var path = _files.Write("training.csv", "\uFEFF\"0\",\"1467810369\",\"Mon Apr 06 22:19:45 PDT 2009\",\"NO_QUERY\",\"_TheSpecialOne_\",\"@switchfoot awww, $AAPL\"\r\n"
            + "\"4\",\"1467822272\",\"Mon Apr 06 22:22:45 PDT 2009\",\"NO_QUERY\",\"ersle\",\"I LOVE u guys\"\r\n"
            + "\"4\",\"1467822273\",\"Mon Apr 06 22:22:45 PDT 2009\",\"NO_QUERY\"\r\n");
        var map = FieldMap.Parse(["user_label=1", "id=2", "created_at=3", "author_id=5", "text=6"]);
        var source = TestFiles.Source(path, map, layout: new FileLayout(CsvHeader: false));

        var (posts, rejects, _) = await TestFiles.DrainAsync(source);

        Assert.Equal(["1467810369", "1467822272"], posts.Select(p => p.PostId));
        Assert.Equal(new DateTimeOffset(2009, 4, 7, 5, 19, 45, TimeSpan.Zero), posts[0].CreatedAt);
        Assert.Equal(("_TheSpecialOne_", "0", "@switchfoot awww, $AAPL"), (posts[0].AuthorId, posts[0].UserLabel, posts[0].Text));
        Assert.Equal(["AAPL"], posts[0].Symbols);
        var reject = Assert.Single(rejects);
        Assert.Equal(("bad_csv_column_count", $"{path}:3"), (reject.Reason, reject.Location));
    }

    // Pages of two posts, so the third post opens the second page: only the file's first bytes can be a byte order mark.
    [Theory]
    [InlineData("posts.csv", true)]
    [InlineData("posts.csv", false)]
    [InlineData("posts.csv.gz", false)]
    public async Task A_bom_opening_the_file_is_dropped_and_a_U_FEFF_opening_a_later_page_is_text(string name, bool csvHeader)
    {
        var content = (csvHeader ? "\uFEFFtext,id,created_at\n" : "\uFEFF")
            + "first,1,2026-11-20T15:00:00Z\n"
            + "second,2,2026-11-20T15:01:00Z\n"
            + "\uFEFFthird,3,2026-11-20T15:02:00Z\n";
        var path = name.EndsWith(".gz", StringComparison.Ordinal) ? _files.WriteGzip(name, content) : _files.Write(name, content);
        var map = csvHeader ? FieldMap.Default : FieldMap.Parse(["text=1", "id=2", "created_at=3"]);
        var options = new IngestOptions { FileBatchSize = 2 };

        var (posts, rejects, pages) = await TestFiles.DrainAsync(TestFiles.Source(path, map, options, layout: new FileLayout(CsvHeader: csvHeader)));

        Assert.Empty(rejects);
        Assert.Equal([2, 1], pages.Select(p => p.Posts.Count));
        // Ordinal: xUnit's default string comparison is culture-aware, which ignores U+FEFF.
        Assert.Equal(["first", "second", "\uFEFFthird"], posts.Select(p => p.Text), StringComparer.Ordinal);
    }

    [Fact]
    public async Task A_bom_opening_a_jsonl_file_is_dropped_and_one_opening_a_later_page_is_not()
    {
        var path = _files.Write("posts.jsonl", "\uFEFF" + """
            {"id":"1","created_at":"2026-11-20T15:00:00Z","text":"first"}
            {"id":"2","created_at":"2026-11-20T15:01:00Z","text":"second"}
            """ + "\n\uFEFF" + """{"id":"3","created_at":"2026-11-20T15:02:00Z","text":"third"}""" + "\n");

        var (posts, rejects, _) = await TestFiles.DrainAsync(TestFiles.Source(path, options: new IngestOptions { FileBatchSize = 2 }));

        Assert.Equal(["1", "2"], posts.Select(p => p.PostId));
        var reject = Assert.Single(rejects);
        Assert.Equal(("bad_json", $"{path}:3"), (reject.Reason, reject.Location));
    }

    // Windows-1252 bytes: 0xE9 is 'é', 0x92 is the right single quote; neither is valid UTF-8 on its own.
    [Fact]
    public async Task A_file_in_a_declared_single_byte_encoding_is_stored_as_utf8_and_without_it_the_rows_are_rejected()
    {
        byte[] content = [.. "id,created_at,text\n1,2026-11-20T15:00:00Z,caf"u8, 0xE9, .. " $AAPL it"u8, 0x92, .. "s up\n2,2026-11-20T15:01:00Z,plain\n"u8];
        var path = _files.Write("latin.csv", content);

        var (declared, declaredRejects, _) = await TestFiles.DrainAsync(TestFiles.Source(path, layout: new FileLayout(Encoding: FileLayout.EncodingNamed("windows-1252"))));
        var (undeclared, undeclaredRejects, _) = await TestFiles.DrainAsync(TestFiles.Source(path));

        Assert.Empty(declaredRejects);
        Assert.Equal(["caf\u00e9 $AAPL it\u2019s up", "plain"], declared.Select(p => p.Text));
        Assert.Equal(["AAPL"], declared[0].Symbols);
        Assert.Equal(["2"], undeclared.Select(p => p.PostId));
        var reject = Assert.Single(undeclaredRejects);
        Assert.Equal(("invalid_utf8", $"{path}:2"), (reject.Reason, reject.Location));
    }

    [Theory]
    [InlineData("latin1", 28591)]
    [InlineData("windows-1252", 1252)]
    [InlineData("UTF-8", 65001)]
    [InlineData("klingon", null)]
    public void Encodings_are_found_by_name(string name, int? codePage)
    {
        Assert.Equal(codePage, FileLayout.EncodingNamed(name)?.CodePage);
    }

    [Fact]
    public async Task Csv_without_a_header_and_without_a_position_for_the_id_fails_saying_how_to_map_it()
    {
        var path = _files.Write("training.csv", "\"0\",\"1467810369\",\"Mon Apr 06 22:19:45 PDT 2009\"\n");
        var source = TestFiles.Source(path, FieldMap.Parse(["created_at=3", "text=1"]), format: FileFormat.Csv, layout: new FileLayout(CsvHeader: false));

        var error = await Assert.ThrowsAsync<IngestException>(() => TestFiles.DrainAsync(source));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("has 3 columns; 'id' must be mapped", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_without_a_needed_column_fails_naming_the_file_and_the_column()
    {
        var path = _files.Write("bad.csv", "tweet,when\n1,2026-11-20T15:00:00Z\n");

        var error = await Assert.ThrowsAsync<IngestException>(() => TestFiles.DrainAsync(TestFiles.Source(path)));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("'id'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_fails_with_one_line_naming_it()
    {
        var path = _files.PathOf("nope.jsonl");

        var error = await Assert.ThrowsAsync<IngestException>(() => TestFiles.DrainAsync(TestFiles.Source(path)));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task An_oversize_line_is_rejected_and_the_next_line_still_read()
    {
        var huge = """{"id":"1","created_at":"2026-11-20T15:00:00Z","text":" """ + new string('y', 20_000) + "\"}";
        var path = _files.Write("long.jsonl", huge + "\n" + """{"id":"2","created_at":"2026-11-20T15:00:00Z","text":"ok"}""" + "\n");
        var options = new IngestOptions { MaxLineBytes = 8192, MaxTextBytes = 4096, MaxRejectPayloadBytes = 1000 };

        var (posts, rejects, _) = await TestFiles.DrainAsync(TestFiles.Source(path, options: options));

        Assert.Equal("2", Assert.Single(posts).PostId);
        var reject = Assert.Single(rejects);
        Assert.Equal("line_too_long", reject.Reason);
        Assert.Equal(1000, reject.Payload.Length);
        Assert.Equal($"{path}:1", reject.Location);
    }

    [Fact]
    public async Task Large_files_come_in_pages_of_the_batch_size()
    {
        var path = _files.PathOf("sample.jsonl");
        await SamplePostWriter.WriteAsync(path, 2_500, TestFiles.Now.AddDays(-30), seed: 1, CancellationToken.None);
        var options = new IngestOptions { FileBatchSize = 1_000 };

        var (posts, rejects, pages) = await TestFiles.DrainAsync(TestFiles.Source(path, options: options));

        Assert.Empty(rejects);
        Assert.Equal(2_500, posts.Count);
        Assert.Equal([1_000, 1_000, 500], pages.Select(p => p.Posts.Count));
        Assert.Equal(2_500, pages.Sum(p => p.Records));
        Assert.Equal(new FileInfo(path).Length, pages.Sum(p => p.Bytes));
        Assert.All(posts, p => Assert.NotEmpty(p.Symbols));
    }
}
