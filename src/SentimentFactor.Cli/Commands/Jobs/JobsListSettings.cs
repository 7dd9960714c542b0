using System.ComponentModel;
using SentimentFactor.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Jobs;

/// <summary>Options of `sf jobs`.</summary>
internal sealed class JobsListSettings : SfSettings
{
    [CommandOption("-n|--limit <N>")]
    [Description("How many runs to show, newest first. Default: 20.")]
    public int Limit { get; init; } = 20;

    [CommandOption("--job <JOB>")]
    [Description("Only this job and its stages (e.g. nightly, nightly.score).")]
    public string? Job { get; init; }

    public override ValidationResult Validate() =>
        Limit is >= 1 and <= 10_000 ? ValidationResult.Success() : ValidationResult.Error($"--limit must be between 1 and 10000, was {Limit}.");
}
