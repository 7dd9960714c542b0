using System.ComponentModel;
using SentimentFactor.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Ingest;

/// <summary>Arguments of `sf ingest bars`.</summary>
internal sealed class IngestBarsSettings : SfSettings
{
    [CommandArgument(0, "[PATH]")]
    [Description("CSV file in Stooq or Yahoo layout; without it the bars are downloaded.")]
    public string? Path { get; init; }

    [CommandOption("-s|--symbol <SYMBOL>")]
    [Description("Symbol the bars belong to (default Ingest:BenchmarkSymbol, ^IXIC).")]
    public string? Symbol { get; init; }

    [CommandOption("--url <TEMPLATE>")]
    [Description("CSV endpoint to download from, {symbol} replaced (default Ingest:BarsUrlTemplate).")]
    public string? Url { get; init; }
}
