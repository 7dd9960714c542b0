using System.Globalization;
using Spectre.Console;

namespace SentimentFactor.Cli.Infrastructure;

/// <summary>
/// What `sf regress` and `sf crosssection` settings share: the yyyy-MM-dd form of --from / --to. Their options stay
/// in each command's own settings: Spectre lists inherited options first, so moving them here would reorder --help.
/// </summary>
internal abstract class ResearchRunSettings : SfSettings
{
    /// <summary>The date an option holds (already checked by <see cref="CheckDates"/>); null when it was left out.</summary>
    public static DateOnly? ParseDate(string? value) =>
        value is null ? null : DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An error naming the first option whose value is not a yyyy-MM-dd date, or null when all are.</summary>
    protected static ValidationResult? CheckDates(params (string Option, string? Value)[] options)
    {
        foreach (var (option, value) in options)
        {
            if (value is not null && !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                return ValidationResult.Error($"{option} must be a date as yyyy-MM-dd, was '{value}'.");
            }
        }

        return null;
    }
}
