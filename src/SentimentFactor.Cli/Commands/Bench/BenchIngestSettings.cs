using System.ComponentModel;
using SentimentFactor.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Bench;

/// <summary>Arguments of `sf bench ingest`.</summary>
internal sealed class BenchIngestSettings : SfSettings
{
    [CommandOption("--posts <N>")]
    [Description("Posts loaded by the COPY path; the INSERT baseline loads N/10 (at least 1,000).")]
    [DefaultValue(1_000_000)]
    public int Posts { get; init; } = 1_000_000;

    public override ValidationResult Validate() =>
        Posts < 1_000 ? ValidationResult.Error("--posts must be at least 1000.") : ValidationResult.Success();
}
