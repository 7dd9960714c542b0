using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Infrastructure;

/// <summary>
/// What `sf regress` and `sf crosssection` settings share: the factor days (--from, --to, as yyyy-MM-dd) and what
/// becomes of the run (--no-report, --json). Spectre lists inherited options first: these come right after --verbose.
/// </summary>
internal abstract class ResearchRunSettings : SfSettings
{
    [CommandOption("--from <DATE>")]
    [Description("First factor day, yyyy-MM-dd (inclusive).")]
    public string? From { get; init; }

    [CommandOption("--to <DATE>")]
    [Description("Last factor day, yyyy-MM-dd (inclusive).")]
    public string? To { get; init; }

    [CommandOption("--no-report")]
    [Description("Do not write the report folder (the run is still stored).")]
    public bool NoReport { get; init; }

    [CommandOption("--json")]
    [Description("Print the run as JSON on stdout instead of tables.")]
    public bool Json { get; init; }

    /// <summary>The date an option holds (already checked by <see cref="Validate"/>); null when it was left out.</summary>
    public static DateOnly? ParseDate(string? value) =>
        value is null ? null : DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An error naming the first of --from / --to whose value is not a yyyy-MM-dd date.</summary>
    public override ValidationResult Validate()
    {
        foreach (var (option, value) in new[] { ("--from", From), ("--to", To) })
        {
            if (value is not null && !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                return ValidationResult.Error($"{option} must be a date as yyyy-MM-dd, was '{value}'.");
            }
        }

        return ValidationResult.Success();
    }
}
