namespace SentimentFactor.Ingest.Sources.Files;

/// <summary>
/// Reads lines of raw bytes from a stream with one fixed buffer, so memory stays flat on multi-GB files.
/// A line longer than the limit is returned cut to the limit with <see cref="TooLong"/> set, and the rest of it is
/// skipped without being held. A UTF-8 byte order mark opening the stream is dropped: it is not part of the first line
/// (a U+FEFF opening any later line is text). <see cref="Line"/> is valid until the next <see cref="ReadAsync"/>.
/// </summary>
internal sealed class ByteLineReader
{
    private const int ReadChunk = 256 * 1024;
    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;
    private int _scanned;
    private bool _eof;
    private bool _skipping;

    public ByteLineReader(Stream stream, int maxLineBytes)
    {
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        _buffer = new byte[maxLineBytes + ReadChunk];
    }

    /// <summary>The last line read, without its line break.</summary>
    public ReadOnlyMemory<byte> Line { get; private set; }

    /// <summary>True when <see cref="Line"/> was cut at the limit.</summary>
    public bool TooLong { get; private set; }

    /// <summary>1-based number of the last line read.</summary>
    public long LineNumber { get; private set; }

    /// <summary>
    /// The bytes read after the last line break and not yet handed out (at most the line limit): the start of a line
    /// the stream did not finish, e.g. when reading it failed.
    /// </summary>
    public ReadOnlyMemory<byte> Pending => _skipping ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(_start, Math.Min(_end - _start, _maxLineBytes));

    /// <summary>Bytes consumed from the stream so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Reads the next line; false at the end of the stream.</summary>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (!await ReadLineAsync(cancellationToken))
        {
            return false;
        }

        if (LineNumber == 1 && Line.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            Line = Line[3..];
        }

        return true;
    }

    private async ValueTask<bool> ReadLineAsync(CancellationToken cancellationToken)
    {
        TooLong = false;
        while (true)
        {
            var found = _buffer.AsSpan(_scanned, _end - _scanned).IndexOf((byte)'\n');
            if (found >= 0)
            {
                var newline = _scanned + found;
                if (_skipping)
                {
                    _skipping = false;
                    _start = _scanned = newline + 1;
                    continue;
                }

                var length = newline - _start;
                if (length > 0 && _buffer[newline - 1] == (byte)'\r')
                {
                    length--;
                }

                TooLong = length > _maxLineBytes;
                Line = _buffer.AsMemory(_start, Math.Min(length, _maxLineBytes));
                _start = _scanned = newline + 1;
                LineNumber++;
                return true;
            }

            if (_skipping)
            {
                _start = _scanned = _end = 0;
            }
            else if (_end - _start > _maxLineBytes)
            {
                // Hand out the first part; the next call drops the buffer and skips to the line's end.
                Line = _buffer.AsMemory(_start, _maxLineBytes);
                TooLong = true;
                _skipping = true;
                _scanned = _end;
                LineNumber++;
                return true;
            }
            else
            {
                _scanned = _end;
            }

            if (_eof)
            {
                if (_start < _end && !_skipping)
                {
                    Line = _buffer.AsMemory(_start, _end - _start);
                    _start = _scanned = _end;
                    LineNumber++;
                    return true;
                }

                return false;
            }

            if (_start > 0)
            {
                var kept = _end - _start;
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, kept);
                _scanned -= _start;
                _end = kept;
                _start = 0;
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_end, _buffer.Length - _end), cancellationToken);
            if (read == 0)
            {
                _eof = true;
            }

            _end += read;
            BytesRead += read;
        }
    }
}
