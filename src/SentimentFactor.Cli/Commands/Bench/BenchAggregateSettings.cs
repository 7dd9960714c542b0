using System.ComponentModel;
using SentimentFactor.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Bench;

/// <summary>Options of `sf bench aggregate`.</summary>
internal sealed class BenchAggregateSettings : SfSettings
{
    [CommandOption("--posts <N>")]
    [Description("Scored posts to generate. Default 5,000,000.")]
    [DefaultValue(5_000_000L)]
    public long Posts { get; init; } = 5_000_000;

    [CommandOption("--days <N>")]
    [Description("Trading days they spread over (the last N trading days of 2025 and before). Default 1,000.")]
    [DefaultValue(1_000)]
    public int Days { get; init; } = 1_000;

    public override ValidationResult Validate() =>
        Posts < 1 ? ValidationResult.Error($"--posts must be at least 1, was {Posts}.")
        : Days is < 1 or > 6_000 ? ValidationResult.Error($"--days must be between 1 and 6000, was {Days}.")
        : ValidationResult.Success();
}
