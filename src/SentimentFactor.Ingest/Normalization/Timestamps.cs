using System.Globalization;

namespace SentimentFactor.Ingest.Normalization;

/// <summary>Reads post timestamps: ISO-8601 with offset or Z, Twitter v1.1's "Wed Jan 01 03:59:03 +0000 2014", Unix seconds/ms.</summary>
public static class Timestamps
{
    private static readonly string[] TwitterFormats = ["ddd MMM dd HH:mm:ss zzz yyyy", "ddd MMM d HH:mm:ss zzz yyyy"];

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

        if (DateTimeOffset.TryParseExact(s, TwitterFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var twitter))
        {
            utc = twitter.ToUniversalTime();
            return Result.Ok;
        }

        return Result.Invalid;
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
