namespace SentimentFactor.Ingest.Normalization;

/// <summary>
/// The common case of <see cref="Timestamps"/> without the general parser: UTF-8 "yyyy-MM-ddTHH:mm:ss[.fraction](Z|±hh:mm|±hhmm)".
/// Anything else returns false and goes the general way.
/// </summary>
internal static class FastTimestamp
{
    public static bool TryParse(ReadOnlySpan<byte> s, out DateTimeOffset utc)
    {
        utc = default;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second))
        {
            return false;
        }

        var i = 19;
        long ticks = 0;
        if (s[i] == '.')
        {
            i++;
            var scale = TimeSpan.TicksPerSecond;
            var start = i;
            while (i < s.Length && s[i] is >= (byte)'0' and <= (byte)'9')
            {
                scale /= 10;
                ticks += (s[i] - '0') * scale;
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        TimeSpan offset;
        var rest = s[i..];
        if (rest.Length == 1 && rest[0] is (byte)'Z' or (byte)'z')
        {
            offset = TimeSpan.Zero;
        }
        else if (rest.Length is 5 or 6 && rest[0] is (byte)'+' or (byte)'-'
            && Digits(rest, 1, 2, out var offHours)
            && Digits(rest, rest.Length == 6 ? 4 : 3, 2, out var offMinutes)
            && (rest.Length == 5 || rest[3] == ':') && offHours <= 14 && offMinutes < 60)
        {
            offset = new TimeSpan(offHours, offMinutes, 0);
            if (rest[0] == '-')
            {
                offset = -offset;
            }
        }
        else
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        utc = new DateTimeOffset(utcTicks, TimeSpan.Zero);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var d = s[i] - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            value = value * 10 + d;
        }

        return true;
    }
}
