using System.IO.Compression;
using System.Text;
using SentimentFactor.Ingest.Sources;
using SentimentFactor.Ingest.Sources.Files;

namespace SentimentFactor.Ingest.Tests.Sources.Files;

/// <summary>Gzip files cut off (what came before the cut is kept) or corrupt (nothing is kept); either is reported as damaged.</summary>
public sealed partial class FilePostSourceTests
{
    private const int SamplePosts = 3_000;

    [Fact]
    public void This_test_host_detects_a_cut_gzip_stream()
    {
        Assert.True(GzipValidation.DetectsTruncation);
    }

    [Fact]
    public async Task A_truncated_gzip_keeps_every_line_before_the_cut_and_fails_naming_the_file()
    {
        var plain = await SampleAsync();
        var gzip = Gzip(plain);
        var cut = gzip[..(gzip.Length * 3 / 5)];
        var path = _files.Write("posts.jsonl.gz", cut);

        var (pages, error) = await DrainUntilErrorAsync(TestFiles.Source(path, options: new IngestOptions { FileBatchSize = 500 }));

        var damaged = Assert.IsType<IngestException>(error);
        Assert.True(damaged.IsDamagedFile);
        Assert.True(damaged.StopsSource);
        Assert.Contains(path, damaged.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", damaged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', damaged.Message);
        var before = CompleteLinesBeforeTheCut(plain, cut);
        Assert.InRange(before, 1, SamplePosts - 1);
        var posts = pages.SelectMany(p => p.Posts).ToList();
        Assert.Equal(Enumerable.Range(1, before).Select(SamplePostWriter.PostId), posts.Select(p => p.PostId));
        var reject = Assert.Single(pages.SelectMany(p => p.Rejects));
        Assert.Equal("truncated_gzip", reject.Reason);
        Assert.Equal($"{path}:{before + 1}", reject.Location);
        var cutLine = plain.Split('\n')[before];
        Assert.StartsWith(Encoding.UTF8.GetString(reject.Payload), cutLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gzip_cut_inside_its_trailer_is_truncated_too()
    {
        var plain = await SampleAsync();
        var path = _files.Write("posts.jsonl.gz", Gzip(plain)[..^3]);

        var (pages, error) = await DrainUntilErrorAsync(TestFiles.Source(path));

        Assert.Contains("truncated", Assert.IsType<IngestException>(error).Message, StringComparison.Ordinal);
        Assert.Equal("truncated_gzip", Assert.Single(pages.SelectMany(p => p.Rejects)).Reason);
    }

    [Fact]
    public async Task A_truncated_gzip_csv_is_reported_the_same_way()
    {
        var rows = new StringBuilder("id,created_at,text\n");
        for (var i = 1; i <= SamplePosts; i++)
        {
            rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i},2026-11-20T15:00:00Z,\"post {i}, $AAPL {Guid.NewGuid()}\"\n");
        }

        var gzip = Gzip(rows.ToString());
        var path = _files.Write("posts.csv.gz", gzip[..(gzip.Length / 2)]);

        var (pages, error) = await DrainUntilErrorAsync(TestFiles.Source(path));

        Assert.True(Assert.IsType<IngestException>(error).IsDamagedFile);
        Assert.InRange(pages.Sum(p => p.Posts.Count), 1, SamplePosts - 1);
        Assert.Equal("truncated_gzip", Assert.Single(pages.SelectMany(p => p.Rejects)).Reason);
    }

    [Fact]
    public async Task Concatenated_gzip_members_are_read_to_the_end()
    {
        var plain = await SampleAsync();
        var lines = plain.Split('\n');
        var half = string.Join('\n', lines[..1_000]) + "\n";
        var rest = string.Join('\n', lines[1_000..]);
        var path = _files.Write("cat.jsonl.gz", [.. Gzip(half), .. Gzip(rest)]);

        var (posts, rejects, _) = await TestFiles.DrainAsync(TestFiles.Source(path));

        Assert.Empty(rejects);
        Assert.Equal(SamplePosts, posts.Count);
    }

    [Fact]
    public async Task A_cut_in_the_second_of_two_gzip_members_keeps_the_first_member_and_what_followed()
    {
        var plain = await SampleAsync();
        var lines = plain.Split('\n');
        var second = Gzip(string.Join('\n', lines[1_000..]));
        var path = _files.Write("cat.jsonl.gz", [.. Gzip(string.Join('\n', lines[..1_000]) + "\n"), .. second[..(second.Length / 2)]]);

        var (pages, error) = await DrainUntilErrorAsync(TestFiles.Source(path));

        Assert.Contains("truncated", Assert.IsType<IngestException>(error).Message, StringComparison.Ordinal);
        Assert.InRange(pages.Sum(p => p.Posts.Count), 1_001, SamplePosts - 1);
    }

    [Fact]
    public async Task A_gzip_with_a_wrong_checksum_is_reported_as_corrupt()
    {
        var gzip = Gzip(await SampleAsync());
        gzip[^8] ^= 0x01; // CRC-32 of the trailer
        var path = _files.Write("posts.jsonl.gz", gzip);

        var (pages, error) = await DrainUntilErrorAsync(TestFiles.Source(path));

        AssertCorruptAndNothingYielded(path, pages, error);
    }

    // Found by the benchmark's snowflake-shaped ids: the damaged block inflated to lines like
    // {"id":"14000000400000011744051200",...} that parsed as posts before the decoder noticed anything.
    [Fact]
    public async Task A_gzip_with_garbage_in_its_body_is_refused_whole_because_damaged_blocks_inflate_to_plausible_posts()
    {
        var gzip = Gzip(await SampleAsync());
        for (var i = gzip.Length / 2; i < (gzip.Length / 2) + 64; i++)
        {
            gzip[i] ^= 0x5A;
        }

        var path = _files.Write("posts.jsonl.gz", gzip);

        var (pages, error) = await DrainUntilErrorAsync(TestFiles.Source(path));

        AssertCorruptAndNothingYielded(path, pages, error);
    }

    private static void AssertCorruptAndNothingYielded(string path, List<PostPage> pages, Exception? error)
    {
        var damaged = Assert.IsType<IngestException>(error);
        Assert.True(damaged.IsDamagedFile);
        Assert.True(damaged.StopsSource);
        Assert.Contains(path, damaged.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt", damaged.Message, StringComparison.Ordinal);
        Assert.Contains("none of this file was stored", damaged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', damaged.Message);
        Assert.Empty(pages.SelectMany(p => p.Posts));
        var reject = Assert.Single(pages.SelectMany(p => p.Rejects));
        Assert.Equal(("corrupt_gzip", path), (reject.Reason, reject.Location));
    }

    private async Task<string> SampleAsync()
    {
        var path = _files.PathOf($"sample-{Guid.NewGuid():N}.jsonl");
        await SamplePostWriter.WriteAsync(path, SamplePosts, TestFiles.Now.AddDays(-30), seed: 3, CancellationToken.None);
        return await File.ReadAllTextAsync(path);
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    // How many whole lines of plain text decompress from the cut file before the stream gives out.
    private static int CompleteLinesBeforeTheCut(string plain, byte[] cut)
    {
        using var gzip = new GZipStream(new MemoryStream(cut), CompressionMode.Decompress);
        var received = 0;
        var chunk = new byte[4096];
        try
        {
            int read;
            while ((read = gzip.Read(chunk)) > 0)
            {
                received += read;
            }
        }
        catch (InvalidDataException)
        {
        }

        return Encoding.UTF8.GetBytes(plain).AsSpan(0, received).Count((byte)'\n');
    }

    private static async Task<(List<PostPage> Pages, Exception? Error)> DrainUntilErrorAsync(IPostSource source)
    {
        var pages = new List<PostPage>();
        try
        {
            await foreach (var page in source.ReadAsync(null, CancellationToken.None))
            {
                pages.Add(page);
            }
        }
        catch (IngestException ex)
        {
            return (pages, ex);
        }

        return (pages, null);
    }
}
