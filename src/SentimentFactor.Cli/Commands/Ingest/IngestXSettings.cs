using System.ComponentModel;
using SentimentFactor.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Ingest;

/// <summary>Arguments of `sf ingest x`.</summary>
internal sealed class IngestXSettings : SfSettings
{
    [CommandOption("-q|--query <QUERY>")]
    [Description("X recent-search query, e.g. \"$AAPL lang:en -is:retweet\". Repeat for several.")]
    public string[] Queries { get; init; } = [];

    [CommandOption("--since <WHEN>")]
    [Description("Start time instead of the saved newest id: ISO date/time or a duration back (6h, 3d; the API keeps 7 days).")]
    public string? Since { get; init; }

    public override ValidationResult Validate() =>
        Queries.Length == 0 || Queries.Any(string.IsNullOrWhiteSpace) ? ValidationResult.Error("Give --query \"...\".") : ValidationResult.Success();
}
