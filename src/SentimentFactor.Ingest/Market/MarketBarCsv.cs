using System.Globalization;
using System.Text;
using CsvHelper;
using SentimentFactor.Core.Records;

namespace SentimentFactor.Ingest.Market;

/// <summary>
/// Reads daily bars from CSV in Stooq's layout (Date,Open,High,Low,Close[,Volume]) or Yahoo's
/// (Date,Open,High,Low,Close,Adj Close,Volume); columns are found by name. A row with an unreadable date,
/// a "null" or non-positive close, or high below low becomes a reject.
/// </summary>
public static class MarketBarCsv
{
    /// <summary>The sf.ingest_rejects.source value of bad bar rows.</summary>
    public const string RejectSource = "bars";

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyyMMdd", "yyyy/MM/dd", "MM/dd/yyyy"];

    /// <summary>Parses <paramref name="csv"/> (UTF-8) into bars of <paramref name="symbol"/>; <paramref name="where"/> names the input.</summary>
    public static (List<MarketBar> Bars, List<RejectRecord> Rejects) Parse(ReadOnlySpan<byte> csv, string symbol, string where, string origin)
    {
        if (csv.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            csv = csv[3..];
        }

        // CsvHelper reads RFC 4180: a quoted field may hold a line break, so a record is not a line.
        var rejects = new List<RejectRecord>();
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = false,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = bad => rejects.Add(
                new RejectRecord(RejectSource, "bad_csv", Encoding.UTF8.GetBytes(bad.RawRecord), $"{where}:{bad.LineNumber}")),
        };
        using var reader = CsvReader.Create(csv.ToArray(), options);
        var header = reader.Read() ? Fields(reader).Select(h => h.Trim().Trim('"').ToLowerInvariant()).ToArray() : [];
        var date = Array.IndexOf(header, "date");
        var close = Array.IndexOf(header, "close");
        if (date < 0 || close < 0)
        {
            throw IngestException.UnknownBarLayout(where, header.Length == 0 ? "" : Encoding.UTF8.GetString(reader.RawRecord).Trim());
        }

        var open = Array.IndexOf(header, "open");
        var high = Array.IndexOf(header, "high");
        var low = Array.IndexOf(header, "low");
        var adj = Array.IndexOf(header, "adj close");
        var volume = Array.IndexOf(header, "volume");
        var bars = new List<MarketBar>();
        while (reader.Read())
        {
            var record = Fields(reader);
            if (record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            MarketBar? bar = null;
            var reason = record.Length < header.Length
                ? "bad_csv"
                : ParseRow(record, symbol, origin, (date, open, high, low, close, adj, volume), out bar);
            if (bar is not null)
            {
                bars.Add(bar);
            }
            else
            {
                rejects.Add(new RejectRecord(RejectSource, reason ?? "bad_value", reader.RawRecord.ToArray(), $"{where}:{reader.LineNumber}"));
            }
        }

        return (bars, rejects);
    }

    private static string[] Fields(CsvReader reader)
    {
        var fields = new string[reader.FieldCount];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = reader.GetString(i);
        }

        return fields;
    }

    private static string? ParseRow(
        string[] record,
        string symbol,
        string origin,
        (int Date, int Open, int High, int Low, int Close, int Adj, int Volume) at,
        out MarketBar? bar)
    {
        bar = null;
        var values = record.Select(f => f.Trim()).ToArray();
        if (!DateOnly.TryParseExact(values[at.Date], DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return "bad_date";
        }

        if (!Number(values, at.Close, out var closeValue) || closeValue is not > 0)
        {
            return values[at.Close] is "" or "null" ? "missing_close" : "bad_value";
        }

        if (!Number(values, at.Open, out var openValue) || !Number(values, at.High, out var highValue)
            || !Number(values, at.Low, out var lowValue) || !Number(values, at.Adj, out var adjValue))
        {
            return "bad_value";
        }

        if (highValue is { } h && lowValue is { } l && h < l)
        {
            return "high_below_low";
        }

        long? volumeValue = null;
        if (at.Volume >= 0 && values[at.Volume] is { Length: > 0 } v && v != "null")
        {
            if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var vol) || vol < 0)
            {
                return "bad_value";
            }

            volumeValue = (long)vol;
        }

        bar = new MarketBar(symbol, day, openValue, highValue, lowValue, closeValue.Value, adjValue, volumeValue, origin);
        return null;
    }

    // An absent column or an empty/"null" cell is no value (true, null); text that is not a finite number is false.
    private static bool Number(string[] values, int index, out double? value)
    {
        value = null;
        if (index < 0 || values[index] is "" or "null")
        {
            return true;
        }

        if (double.TryParse(values[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }
}
