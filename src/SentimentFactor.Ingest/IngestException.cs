using System.Net;
using SentimentFactor.Core;

namespace SentimentFactor.Ingest;

/// <summary>A user-facing ingest failure; the message is one line: what failed, the value, what to do.</summary>
public sealed class IngestException : SentimentFactorException
{
    private IngestException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>True when the API refused the credentials (401/403): that source stops, the others go on.</summary>
    public bool IsUnauthorized { get; private init; }

    /// <summary>
    /// True when the failure ends only the source it came from, after what it read so far was stored: a 401/403, or a
    /// compressed file that is cut off or damaged. The run returns it as <see cref="IngestResult.Error"/> and the
    /// command's other sources go on.
    /// </summary>
    public bool StopsSource => IsUnauthorized || IsDamagedFile || IsPullFailure;

    /// <summary>
    /// True when one API pull failed (a 4xx such as a 404 for an unknown symbol, retries exhausted on 5xx, an unreadable
    /// cursor): that query or symbol fails with this reason, the others of the command still run.
    /// </summary>
    public bool IsPullFailure { get; private init; }

    /// <summary>The HTTP status of a rejected request, when that is the failure.</summary>
    public HttpStatusCode? Status { get; private init; }

    /// <summary>The body of a rejected request (first 4 KiB), for callers that recognise a known error in it.</summary>
    public string? ResponseBody { get; private init; }

    /// <summary>True for a gzip file that ends mid-stream or holds data that does not decompress.</summary>
    public bool IsDamagedFile { get; private init; }

    /// <summary>A file that cannot be opened or read at all.</summary>
    public static IngestException FileUnreadable(string path, Exception inner) =>
        new($"Cannot read input file {path}: {inner.Message} Check the path and its permissions.", inner);

    /// <summary>A gzip file that ends before its compressed stream does (a cut download or copy).</summary>
    public static IngestException FileTruncated(string path, long lines, Exception inner) =>
        new($"Input file {path} is truncated: its gzip data ends early, after line {lines}. The lines before the cut were stored (bad ones as rejects) and the cut is in sf.ingest_rejects as truncated_gzip; copy or download the file again and rerun (stored posts are not added twice).", inner)
        { IsDamagedFile = true };

    /// <summary>A gzip file whose compressed data is damaged (bad block, bad checksum), found before any of it was stored.</summary>
    public static IngestException FileCorrupt(string path, Exception inner) =>
        new($"Input file {path} is corrupt: its gzip data does not decompress (a damaged block or a wrong checksum). Data decoded from a damaged block can look like valid posts, so none of this file was stored; the failure is in sf.ingest_rejects as corrupt_gzip. Get an intact copy and rerun.", inner)
        { IsDamagedFile = true };

    /// <summary>A gzip file that passed the check before loading but failed to decompress while loading (it changed on disk).</summary>
    public static IngestException FileCorruptWhileLoading(string path, long lines, Exception inner) =>
        new($"Input file {path} became corrupt while it was loaded (it passed the check before loading): its gzip data does not decompress after line {lines}. The lines before were stored and the failure is in sf.ingest_rejects as corrupt_gzip; do not change a file while it loads, check the stored posts of this source, and rerun with an intact copy.", inner)
        { IsDamagedFile = true };

    /// <summary>A gzip bars file that is cut off or corrupt; none of its bars are stored.</summary>
    public static IngestException BarsFileDamaged(string path, bool truncated, Exception inner) =>
        new($"Bars file {path} is {(truncated ? "truncated (its gzip data ends early)" : "corrupt (its gzip data does not decompress)")}; no bars were stored from it. Get an intact copy and rerun.", inner);

    /// <summary>A CSV file whose header lacks a needed column.</summary>
    public static IngestException CsvMissingColumn(string path, string column, IEnumerable<string> header) =>
        new($"CSV file {path} has no '{column}' column (header: {string.Join(",", header)}). Name it with --map {column}=<column>; a file without a header row needs --no-header and columns by position (--map id=2,created_at=3,text=6).");

    /// <summary>A headerless CSV file whose needed column is not mapped to a position it has.</summary>
    public static IngestException CsvMissingPosition(string path, string column, int columns) =>
        new($"CSV file {path} is read without a header (--no-header) and has {columns} columns; '{column}' must be mapped to one of them by position from 1, e.g. --map {column}=2.");

    /// <summary>A bad --map entry.</summary>
    public static IngestException BadFieldMap(string entry) =>
        new($"Bad field mapping '{entry}'. Use --map field=name[,field=name], fields: id, created_at, text, author_id, lang, symbols, user_label.");

    /// <summary>The X bearer token is not set.</summary>
    public static IngestException MissingBearerToken() =>
        new("SF_X_BEARER_TOKEN is not set. Export the bearer token of your X API app: export SF_X_BEARER_TOKEN=...");

    /// <summary>The API refused the credentials.</summary>
    public static IngestException Unauthorized(string source, HttpStatusCode status, string hint) =>
        new($"{source}: the API answered {(int)status} {status}; {hint}") { IsUnauthorized = true };

    /// <summary>The API rejected the request (4xx other than 401/403/429).</summary>
    public static IngestException RequestRejected(string source, Uri url, HttpStatusCode status, string body) =>
        new($"{source}: {url.GetLeftPart(UriPartial.Path)} answered {(int)status} {status}: {(body.Length > 300 ? body[..300] : body)}. Check the query and the base URL setting.")
        { IsPullFailure = true, Status = status, ResponseBody = body };

    /// <summary>The API kept failing (5xx, timeouts, truncated bodies) through every retry.</summary>
    public static IngestException Unavailable(string source, Uri url, string last, int attempts) =>
        new($"{source}: {url.GetLeftPart(UriPartial.Path)} still failing after {attempts} attempts ({last}). Try again later or raise Ingest:MaxRetries.")
        { IsPullFailure = true };

    /// <summary>The saved cursor cannot be understood.</summary>
    public static IngestException BadCursor(string source, string query, string position) =>
        new($"{source}: saved cursor for '{query}' is not readable: '{position}'. Delete it from sf.ingest_cursors to start over.")
        { IsPullFailure = true };

    /// <summary>A folder given to `sf ingest bars` holds no bar files.</summary>
    public static IngestException NoBarFiles(string folder) =>
        new($"Folder {folder} holds no bar files (*.csv, *.txt, optionally .gz). Put one CSV per symbol there, named after the symbol (AAPL.csv).");

    /// <summary>One --symbol given for several bar files.</summary>
    public static IngestException OneSymbolForManyBarFiles(string symbol, int files) =>
        new($"--symbol {symbol} names one symbol, but {files} bar files were given. Leave --symbol out: each file's symbol comes from its name (AAPL.csv is AAPL).");

    /// <summary>A bars CSV whose header is neither Stooq's nor Yahoo's layout.</summary>
    public static IngestException UnknownBarLayout(string where, string header) =>
        new($"Bars from {where} have an unknown header '{header}'. Expected Stooq (Date,Open,High,Low,Close,Volume) or Yahoo (Date,Open,High,Low,Close,Adj Close,Volume).");

    /// <summary>The --since value cannot be read.</summary>
    public static IngestException BadSince(string value) =>
        new($"Cannot read --since '{value}'. Use an ISO date/time (2026-11-20, 2026-11-20T14:00Z) or a duration back from now (6h, 3d).");
}
