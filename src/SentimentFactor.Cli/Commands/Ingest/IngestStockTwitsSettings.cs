using System.ComponentModel;
using SentimentFactor.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Ingest;

/// <summary>Arguments of `sf ingest stocktwits`.</summary>
internal sealed class IngestStockTwitsSettings : SfSettings
{
    [CommandArgument(0, "<SYMBOL>")]
    [Description("Symbols whose streams to pull, e.g. AAPL NVDA.")]
    public string[] Symbols { get; init; } = [];

    public override ValidationResult Validate() =>
        Symbols.Length == 0 ? ValidationResult.Error("Give at least one symbol.") : ValidationResult.Success();
}
