using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using SentimentFactor.Core.Records;
using SentimentFactor.Ingest.Normalization;

namespace SentimentFactor.Ingest.Sources.Files;

/// <summary>
/// Posts from a JSONL or CSV file (gzip recognised by its magic bytes), streamed with one fixed buffer so memory
/// stays flat on multi-GB files. Each bad line or record becomes a reject located as "path:line"; the file keeps
/// no cursor (a rerun adds nothing). A gzip file is decompressed once before loading to check it: a damaged block
/// can inflate to wrong but plausible lines long before the decoder or the trailer's CRC notices, so a corrupt file
/// yields only a corrupt_gzip reject and throws <see cref="IngestException.FileCorrupt"/>. A file that is merely cut off
/// is loaded up to the cut (what precedes a cut decompresses correctly), then yields a truncated_gzip reject and
/// throws <see cref="IngestException.FileTruncated"/>. Either stops this source only.
/// </summary>
public sealed class FilePostSource : IPostSource
{
    private static readonly string[] CsvFields = ["id", "created_at", "text", "author_id", "lang", "symbols", "user_label"];
    private readonly string _path;
    private readonly FileFormat _format;
    private readonly FieldMap _map;
    private readonly IngestOptions _options;
    private readonly PostNormalizer _normalizer;
    private readonly FileLayout _layout;

    /// <summary>
    /// Creates a source over <paramref name="path"/> whose posts are stored as <paramref name="source"/>;
    /// <paramref name="layout"/> (default: CSV header row, UTF-8) says what the content cannot.
    /// </summary>
    public FilePostSource(string path, string source, FileFormat format, FieldMap map, IngestOptions options, TimeProvider timeProvider, FileLayout? layout = null)
    {
        _layout = layout ?? FileLayout.Default;
        _path = path;
        Source = source;
        _format = format;
        _map = map;
        _options = options;
        _normalizer = new PostNormalizer(options, timeProvider);
    }

    /// <inheritdoc />
    public string Source { get; }

    /// <inheritdoc />
    public string? CursorKey => null;

    /// <summary>The file as given.</summary>
    public string FilePath => _path;

    /// <inheritdoc />
    public string Label => _path;

    /// <summary>The file's size in bytes (compressed size for gzip), or null when it cannot be read.</summary>
    public long? Length => File.Exists(_path) ? new FileInfo(_path).Length : null;

    /// <inheritdoc />
    public async IAsyncEnumerable<PostPage> ReadAsync(string? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = Open(out var gzip);
        await using var ownedGzip = gzip;
        if (gzip is not null && await FindCorruptionAsync(cancellationToken) is { } corruption)
        {
            yield return new PostPage([], [Reject("corrupt_gzip", default, 0, _path)], null);
            throw IngestException.FileCorrupt(_path, corruption);
        }

        var format = _format == FileFormat.Auto ? Detect(gzip) : _format;
        var content = (Stream?)gzip ?? stream;
        await using var utf8 = _layout.NeedsTranscoding ? Encoding.CreateTranscodingStream(content, _layout.Encoding!, Encoding.UTF8, leaveOpen: true) : null;
        var lines = new ByteLineReader(utf8 ?? content, _options.MaxLineBytes);
        var pages = format == FileFormat.Csv ? ReadCsvAsync(lines, stream, cancellationToken) : ReadJsonlAsync(lines, stream, cancellationToken);
        await using var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    break;
                }
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                throw IngestException.FileUnreadable(_path, ex);
            }

            yield return enumerator.Current;
        }
    }

    private FileStream Open(out GZipStream? gzip)
    {
        gzip = null;
        FileStream stream;
        try
        {
            stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
            Span<byte> magic = stackalloc byte[2];
            var read = stream.Read(magic);
            stream.Position = 0;
            if (read == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
            {
                _ = GzipValidation.DetectsTruncation; // before the first GZipStream: turns on strict validation
                gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw IngestException.FileUnreadable(_path, ex);
        }

        return stream;
    }

    // Reads the whole gzip file once (flat memory, about 1 s per 400 MB of text); returns the damage other than a cut.
    private async Task<InvalidDataException?> FindCorruptionAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
            await using var gzip = new GZipStream(file, CompressionMode.Decompress);
            await gzip.CopyToAsync(Stream.Null, 1 << 20, cancellationToken);
            return null;
        }
        catch (InvalidDataException ex)
        {
            return GzipValidation.IsTruncation(ex) ? null : ex;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw IngestException.FileUnreadable(_path, ex);
        }
    }

    private FileFormat Detect(GZipStream? gzip)
    {
        var name = _path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? _path[..^3] : _path;
        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (extension is ".csv" or ".tsv")
        {
            return FileFormat.Csv;
        }

        if (extension is ".jsonl" or ".ndjson" or ".json")
        {
            return FileFormat.Jsonl;
        }

        // No telling extension: a JSON object opens with '{' (a gzip file is sniffed after decompression by the reader).
        return gzip is null && FirstByte() is not (byte)'{' and not (byte)'[' and not 0xEF ? FileFormat.Csv : FileFormat.Jsonl;
    }

    private byte FirstByte()
    {
        using var stream = File.OpenRead(_path);
        int b;
        while ((b = stream.ReadByte()) >= 0 && char.IsWhiteSpace((char)b))
        {
        }

        return b < 0 ? (byte)0 : (byte)b;
    }

    private IAsyncEnumerable<PostPage> ReadJsonlAsync(ByteLineReader lines, Stream file, CancellationToken cancellationToken)
    {
        var reader = new JsonPostReader(_map);
        var raw = new RawPost();
        return ReadRecordsAsync(
            lines,
            file,
            () => lines.ReadAsync(cancellationToken),
            () => (lines.Line, lines.LineNumber, lines.TooLong),
            (line, lineNumber, page) => ReadJsonLine(line, lineNumber, reader, raw, page));
    }

    // The record loop of both formats: a damaged stream ends it (the page so far, the unfinished record as a reject,
    // then the error), blank records do not count, over-long and non-UTF-8 ones are rejects, the rest go to
    // readRecord; a page is cut every FileBatchSize posts or rejects.
    private async IAsyncEnumerable<PostPage> ReadRecordsAsync(
        ByteLineReader lines, Stream file, Func<ValueTask<bool>> next,
        Func<(ReadOnlyMemory<byte> Record, long LineNumber, bool TooLong)> current,
        Action<ReadOnlyMemory<byte>, long, PageBuffer> readRecord)
    {
        var page = NewPage();
        long records = 0;
        long lastBytes = 0;
        while (true)
        {
            var (more, damage) = await NextAsync(next);

            if (damage is not null)
            {
                // Keep what came before the damage: the page so far plus the unfinished line as a reject, then stop.
                page.Rejects.Add(Damaged(damage, lines));
                yield return new PostPage(page.Posts, page.Rejects, null, records + 1, file.Position - lastBytes);
                throw DamagedError(damage, lines);
            }

            if (!more)
            {
                break;
            }

            records++;
            var (record, lineNumber, tooLong) = current();
            if (tooLong)
            {
                page.Rejects.Add(Reject("line_too_long", record.Span, lineNumber));
            }
            else if (record.Span.Trim(" \t"u8).IsEmpty)
            {
                records--;
            }
            else if (!Utf8.IsValid(record.Span))
            {
                page.Rejects.Add(Reject("invalid_utf8", record.Span, lineNumber));
            }
            else
            {
                readRecord(record, lineNumber, page);
            }

            if (page.Posts.Count >= _options.FileBatchSize || page.Rejects.Count >= _options.FileBatchSize)
            {
                var position = file.Position;
                yield return new PostPage(page.Posts, page.Rejects, null, records, position - lastBytes);
                lastBytes = position;
                records = 0;
                page = NewPage();
            }
        }

        yield return new PostPage(page.Posts, page.Rejects, null, records, file.Position - lastBytes);
    }

    private void ReadJsonLine(ReadOnlyMemory<byte> line, long lineNumber, JsonPostReader reader, RawPost raw, PageBuffer page)
    {
        if (reader.TryReadFlat(line.Span, raw))
        {
            if (_normalizer.Normalize(Source, raw, out var reason) is { } post)
            {
                page.Posts.Add(post);
            }
            else
            {
                page.Rejects.Add(Reject(reason!, line.Span, lineNumber));
            }

            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            page.Rejects.Add(Reject("bad_json", line.Span, lineNumber));
            return;
        }

        using (document)
        {
            if (!JsonPostReader.TryGetRecords(document.RootElement, out var records, out var isArray))
            {
                page.Rejects.Add(Reject("not_a_post", line.Span, lineNumber));
                return;
            }

            if (!isArray)
            {
                Accept(records, line.Span, lineNumber, reader, raw, page);
                if (JsonPostReader.TryGetEmbeddedOriginal(records, out var embedded))
                {
                    // A v1.1 retweet's retweeted_status, a StockTwits reshare's message: the original is a post too.
                    Accept(embedded, JsonPostReader.RawBytes(embedded, _options.MaxRejectPayloadBytes), lineNumber, reader, raw, page, 1);
                }

                return;
            }

            // An X v2 response page: its tweets, then the originals of its retweets from includes.tweets.
            var originals = JsonPostReader.RetweetedIncludes(document.RootElement, records);
            Dictionary<string, string>? originalTexts = null;
            foreach (var original in originals)
            {
                if (original.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && JsonPostReader.FullText(original) is { } text)
                {
                    (originalTexts ??= new(StringComparer.Ordinal))[id.GetString()!] = text;
                }
            }

            var index = 0;
            foreach (var record in records.EnumerateArray())
            {
                Accept(record, JsonPostReader.RawBytes(record, _options.MaxRejectPayloadBytes), lineNumber, reader, raw, page, index++, originalTexts);
            }

            foreach (var original in originals)
            {
                Accept(original, JsonPostReader.RawBytes(original, _options.MaxRejectPayloadBytes), lineNumber, reader, raw, page, index++);
            }
        }
    }

    private void Accept(JsonElement record, ReadOnlySpan<byte> payload, long lineNumber, JsonPostReader reader, RawPost raw, PageBuffer page, int index = -1, Dictionary<string, string>? originalTexts = null)
    {
        string? reason;
        try
        {
            reason = reader.Read(record, raw) ? null : "not_a_post";
        }
        catch (InvalidOperationException)
        {
            // A JSON string that does not transcode (escaped lone surrogate pairs etc.).
            reason = "invalid_unicode";
        }

        if (reason is null && raw.OriginalText is null && raw.RefPostId is { } reference && originalTexts is not null
            && originalTexts.TryGetValue(reference, out var originalText))
        {
            raw.OriginalText = originalText;
        }

        var post = reason is null ? _normalizer.Normalize(Source, raw, out reason) : null;
        if (post is not null)
        {
            page.Posts.Add(post);
        }
        else
        {
            page.Rejects.Add(Reject(reason!, payload, lineNumber, index < 0 ? null : $"{_path}:{lineNumber}#{index}"));
        }
    }

    private async IAsyncEnumerable<PostPage> ReadCsvAsync(ByteLineReader lines, Stream file, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var csv = new CsvRecordReader(lines, _options.MaxLineBytes);
        var fields = new List<byte[]>();
        if (!await csv.ReadAsync(cancellationToken))
        {
            yield break;
        }

        var headerBytes = csv.Record.Span;

        if (!CsvRecordReader.TrySplit(headerBytes, fields))
        {
            throw IngestException.CsvMissingColumn(_path, "id", [Encoding.UTF8.GetString(headerBytes)]);
        }

        var header = _layout.CsvHeader
            ? fields.Select(f => Encoding.UTF8.GetString(f).Trim()).ToList()
            : Enumerable.Range(1, fields.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var field in CsvFields)
        {
            var index = header.FindIndex(h => string.Equals(h, _map[field], StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                columns[field] = index;
            }
            else if (field is "id" or "created_at" or "text")
            {
                throw _layout.CsvHeader ? IngestException.CsvMissingColumn(_path, field, header) : IngestException.CsvMissingPosition(_path, field, header.Count);
            }
        }

        // Without a header the first record is a post: read it again below instead of the next one.
        var firstIsData = !_layout.CsvHeader;

        var raw = new RawPost();
        Func<ValueTask<bool>> next = () =>
        {
            if (firstIsData)
            {
                firstIsData = false;
                return ValueTask.FromResult(true);
            }

            return csv.ReadAsync(cancellationToken);
        };
        var pages = ReadRecordsAsync(
            lines,
            file,
            next,
            () => (csv.Record, csv.LineNumber, csv.TooLong),
            (record, lineNumber, page) => ReadCsvRecord(record.Span, lineNumber, header.Count, fields, columns, raw, page));
        await foreach (var page in pages)
        {
            yield return page;
        }
    }

    private void ReadCsvRecord(
        ReadOnlySpan<byte> record, long lineNumber, int headerCount, List<byte[]> fields, Dictionary<string, int> columns, RawPost raw, PageBuffer page)
    {
        if (!CsvRecordReader.TrySplit(record, fields))
        {
            page.Rejects.Add(Reject("bad_csv", record, lineNumber));
            return;
        }

        if (fields.Count != headerCount)
        {
            page.Rejects.Add(Reject("bad_csv_column_count", record, lineNumber));
            return;
        }

        raw.Clear();
        raw.Id = Field(fields, columns, "id");
        raw.CreatedAtText = Field(fields, columns, "created_at");
        raw.Text = columns.TryGetValue("text", out var t) ? Encoding.UTF8.GetString(fields[t]) : null;
        raw.AuthorId = Field(fields, columns, "author_id");
        raw.Lang = Field(fields, columns, "lang");
        raw.UserLabel = Field(fields, columns, "user_label");
        if (Field(fields, columns, "symbols") is { } symbols)
        {
            raw.EntitySymbols.AddRange(symbols.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries));
        }

        if (_normalizer.Normalize(Source, raw, out var reason) is { } post)
        {
            page.Posts.Add(post);
        }
        else
        {
            page.Rejects.Add(Reject(reason!, record, lineNumber));
        }
    }

    // A cut or corrupt gzip stream surfaces as InvalidDataException from the read (a yield cannot sit in a try/catch,
    // so the readers' loops take it as a value).
    private static async ValueTask<(bool More, InvalidDataException? Damage)> NextAsync(Func<ValueTask<bool>> read)
    {
        try
        {
            return (await read(), null);
        }
        catch (InvalidDataException ex)
        {
            return (false, ex);
        }
    }

    private RejectRecord Damaged(InvalidDataException damage, ByteLineReader lines) =>
        Reject(GzipValidation.IsTruncation(damage) ? "truncated_gzip" : "corrupt_gzip", lines.Pending.Span, lines.LineNumber + 1);

    private IngestException DamagedError(InvalidDataException damage, ByteLineReader lines) =>
        GzipValidation.IsTruncation(damage)
            ? IngestException.FileTruncated(_path, lines.LineNumber, damage)
            : IngestException.FileCorruptWhileLoading(_path, lines.LineNumber, damage);

    private static string? Field(List<byte[]> fields, Dictionary<string, int> columns, string name)
    {
        if (!columns.TryGetValue(name, out var index) || fields[index].Length == 0)
        {
            return null;
        }

        return Encoding.UTF8.GetString(fields[index]);
    }

    private RejectRecord Reject(string reason, ReadOnlySpan<byte> payload, long lineNumber, string? location = null)
    {
        var kept = payload.Length <= _options.MaxRejectPayloadBytes ? payload : payload[.._options.MaxRejectPayloadBytes];
        return new RejectRecord(Source, reason, kept.ToArray(), location ?? $"{_path}:{lineNumber}");
    }

    private PageBuffer NewPage() => new(new List<PostRecord>(Math.Min(_options.FileBatchSize, 65_536)), []);

    private sealed record PageBuffer(List<PostRecord> Posts, List<RejectRecord> Rejects);
}
