using System.Globalization;

namespace SentimentFactor.Cli.Commands.Aggregate;

/// <summary>Parses the yyyy-MM-dd day options of the aggregation commands.</summary>
internal static class DayOption
{
    public static bool TryParse(string? value, out DateOnly? day)
    {
        day = null;
        if (value is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            day = parsed;
            return true;
        }

        return false;
    }
}
