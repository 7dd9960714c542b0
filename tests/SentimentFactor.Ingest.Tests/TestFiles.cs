using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SentimentFactor.Core.Records;
using SentimentFactor.Ingest.Sources;
using SentimentFactor.Ingest.Sources.Files;

namespace SentimentFactor.Ingest.Tests;

/// <summary>Temporary input files and helpers to drain a source without a database.</summary>
internal sealed class TestFiles : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 22, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("sf-ingest-tests-").FullName;

    public string Write(string name, string content) => Write(name, Encoding.UTF8.GetBytes(content));

    public string Write(string name, byte[] content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string WriteGzip(string name, string content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(content));
        }

        return Write(name, buffer.ToArray());
    }

    public string PathOf(string name) => Path.Combine(_directory, name);

    public static FilePostSource Source(string path, FieldMap? map = null, IngestOptions? options = null, FileFormat format = FileFormat.Auto, FileLayout? layout = null) =>
        new(path, "file", format, map ?? FieldMap.Default, options ?? new IngestOptions(), new FixedClock(Now), layout);

    public static async Task<(List<PostRecord> Posts, List<RejectRecord> Rejects, List<PostPage> Pages)> DrainAsync(IPostSource source, string? cursor = null)
    {
        var pages = new List<PostPage>();
        await foreach (var page in source.ReadAsync(cursor, CancellationToken.None))
        {
            pages.Add(page);
        }

        return ([.. pages.SelectMany(p => p.Posts)], [.. pages.SelectMany(p => p.Rejects)], pages);
    }

    public static NullLogger<T> Logger<T>() => NullLogger<T>.Instance;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
