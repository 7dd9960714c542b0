using System.Buffers;

namespace SentimentFactor.Ingest.Sources.Files;

/// <summary>
/// Reads RFC 4180 CSV records as raw bytes on top of <see cref="ByteLineReader"/>: a quoted field may hold commas,
/// doubled quotes and line breaks. <see cref="Record"/> is valid until the next read.
/// </summary>
internal sealed class CsvRecordReader
{
    private readonly ByteLineReader _lines;
    private readonly int _maxRecordBytes;
    private readonly ArrayBufferWriter<byte> _joined = new();

    public CsvRecordReader(ByteLineReader lines, int maxRecordBytes)
    {
        _lines = lines;
        _maxRecordBytes = maxRecordBytes;
    }

    /// <summary>The last record's bytes (lines joined with '\n').</summary>
    public ReadOnlyMemory<byte> Record { get; private set; }

    /// <summary>True when the record went over the size limit (then it is cut).</summary>
    public bool TooLong { get; private set; }

    /// <summary>Line number where the last record starts.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Reads the next record; false at the end.</summary>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (!await _lines.ReadAsync(cancellationToken))
        {
            return false;
        }

        LineNumber = _lines.LineNumber;
        TooLong = _lines.TooLong;
        if (TooLong || int.IsEvenInteger(_lines.Line.Span.Count((byte)'"')))
        {
            Record = _lines.Line;
            return true;
        }

        // An open quote: the record goes on over the next lines.
        _joined.ResetWrittenCount();
        _joined.Write(_lines.Line.Span);
        var quotes = _lines.Line.Span.Count((byte)'"');
        while (int.IsOddInteger(quotes) && await _lines.ReadAsync(cancellationToken))
        {
            if (_lines.TooLong || _joined.WrittenCount + _lines.Line.Length + 1 > _maxRecordBytes)
            {
                TooLong = true;
                break;
            }

            _joined.Write("\n"u8);
            _joined.Write(_lines.Line.Span);
            quotes += _lines.Line.Span.Count((byte)'"');
        }

        Record = _joined.WrittenMemory;
        return true;
    }

    /// <summary>
    /// Splits <paramref name="record"/> into fields (quotes removed, doubled quotes undone) into
    /// <paramref name="fields"/>; false when a quote is not closed or text follows a closing quote.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<byte> record, List<byte[]> fields)
    {
        fields.Clear();
        var i = 0;
        while (true)
        {
            if (i < record.Length && record[i] == (byte)'"')
            {
                var value = new ArrayBufferWriter<byte>();
                i++;
                while (true)
                {
                    var quote = record[i..].IndexOf((byte)'"');
                    if (quote < 0)
                    {
                        return false;
                    }

                    value.Write(record.Slice(i, quote));
                    i += quote + 1;
                    if (i < record.Length && record[i] == (byte)'"')
                    {
                        value.Write("\""u8);
                        i++;
                        continue;
                    }

                    break;
                }

                fields.Add(value.WrittenSpan.ToArray());
                if (i == record.Length)
                {
                    return true;
                }

                if (record[i] != (byte)',')
                {
                    return false;
                }

                i++;
            }
            else
            {
                var comma = record[i..].IndexOf((byte)',');
                if (comma < 0)
                {
                    fields.Add(record[i..].ToArray());
                    return true;
                }

                fields.Add(record.Slice(i, comma).ToArray());
                i += comma + 1;
            }
        }
    }
}
