using System.ComponentModel;
using SentimentFactor.Cli.Commands.Aggregate;
using SentimentFactor.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Jobs;

/// <summary>Options of `sf run nightly`.</summary>
internal sealed class RunNightlySettings : SfSettings
{
    [CommandOption("--date <DAY>")]
    [Description("Run for this day (yyyy-MM-dd): aggregate and regress up to it (backfill). Default: up to the latest data.")]
    public string? Date { get; init; }

    public DateOnly? Day => DayOption.TryParse(Date, out var day) ? day : null;

    public override ValidationResult Validate() =>
        DayOption.TryParse(Date, out _) ? ValidationResult.Success() : ValidationResult.Error($"--date must be a date like 2024-03-28, was '{Date}'.");
}
