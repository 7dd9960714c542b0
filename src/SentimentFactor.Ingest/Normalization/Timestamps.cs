using System.Globalization;

namespace SentimentFactor.Ingest.Normalization;

/// <summary>
/// Reads post timestamps: ISO-8601 with offset or Z, Twitter v1.1's "Wed Jan 01 03:59:03 +0000 2014" (also with a US zone
/// name for the offset, "PDT"), Unix seconds/ms.
/// </summary>
public static class Timestamps
{
    private static readonly string[] TwitterFormats = ["ddd MMM dd HH:mm:ss zzz yyyy", "ddd MMM d HH:mm:ss zzz yyyy"];

    private static readonly Dictionary<string, string> ZoneOffsets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UTC"] = "+0000",
        ["GMT"] = "+0000",
        ["EST"] = "-0500",
        ["EDT"] = "-0400",
        ["CST"] = "-0600",
        ["CDT"] = "-0500",
        ["MST"] = "-0700",
        ["MDT"] = "-0600",
        ["PST"] = "-0800",
        ["PDT"] = "-0700",
    };

    /// <summary>Outcome of reading one timestamp.</summary>
    public enum Result
    {
        /// <summary>Read; the value is UTC.</summary>
        Ok,

        /// <summary>Not a date/time, or an impossible one (2024-02-30).</summary>
        Invalid,

        /// <summary>A date/time without offset or Z, and UTC was not to be assumed.</summary>
        NoOffset,
    }

    /// <summary>Parses <paramref name="text"/> to a UTC instant.</summary>
    public static Result TryParse(string text, bool assumeUtcWithoutOffset, out DateTimeOffset utc)
    {
        utc = default;
        var s = text.AsSpan().Trim();
        if (s.Length < 8)
        {
            return Result.Invalid;
        }

        if (char.IsAsciiDigit(s[0]))
        {
            if (s.Length is >= 9 and <= 13 && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
            {
                return FromEpoch(epoch, out utc);
            }

            if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return Result.Invalid;
            }

            if (!HasOffset(s) && !assumeUtcWithoutOffset)
            {
                return Result.NoOffset;
            }

            utc = parsed.ToUniversalTime();
            return Result.Ok;
        }

        if (DateTimeOffset.TryParseExact(s, TwitterFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var twitter)
            || (WithZoneAsOffset(s) is { } numeric
                && DateTimeOffset.TryParseExact(numeric, TwitterFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out twitter)))
        {
            utc = twitter.ToUniversalTime();
            return Result.Ok;
        }

        return Result.Invalid;
    }

    // Some academic sets (Sentiment140) wrote the v1.1 layout with a US zone name, "Mon Apr 06 22:19:45 PDT 2009";
    // the name becomes its offset. Only the US names and UTC/GMT are read: "CST" elsewhere means China or Cuba.
    private static string? WithZoneAsOffset(ReadOnlySpan<char> s)
    {
        var parts = s.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 6 || !ZoneOffsets.TryGetValue(parts[4], out var offset))
        {
            return null;
        }

        parts[4] = offset;
        return string.Join(' ', parts);
    }

    /// <summary>Unix seconds, or milliseconds when the value is too large to be seconds.</summary>
    public static Result FromEpoch(long value, out DateTimeOffset utc)
    {
        utc = default;
        try
        {
            utc = value > 100_000_000_000L ? DateTimeOffset.FromUnixTimeMilliseconds(value) : DateTimeOffset.FromUnixTimeSeconds(value);
            return Result.Ok;
        }
        catch (ArgumentOutOfRangeException)
        {
            return Result.Invalid;
        }
    }

    // An offset is a trailing Z, or +hh[:mm] / -hh[:mm] after the time part (a '-' inside the date is no offset).
    private static bool HasOffset(ReadOnlySpan<char> s)
    {
        if (s[^1] is 'Z' or 'z')
        {
            return true;
        }

        var time = s.IndexOfAny('T', 't', ' ');
        if (time < 0)
        {
            return false;
        }

        return s[time..].IndexOfAny('+', '-') >= 0;
    }
}
