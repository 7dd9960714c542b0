using System.ComponentModel;
using SentimentFactor.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Ingest;

/// <summary>Arguments of `sf ingest bars`.</summary>
internal sealed class IngestBarsSettings : SfSettings
{
    [CommandArgument(0, "[PATHS]")]
    [Description("CSV files (Stooq or Yahoo layout) or folders of them; several files or a folder load one symbol per file, named by the file (AAPL.csv is AAPL). Without any, the bars are downloaded.")]
    public string[] Paths { get; init; } = [];

    [CommandOption("-s|--symbol <SYMBOL>")]
    [Description("Symbol of a single file or download (default Market:Benchmark, ^IXIC); with several files each file's name gives it.")]
    public string? Symbol { get; init; }

    [CommandOption("--url <TEMPLATE>")]
    [Description("CSV endpoint to download from, {symbol} replaced (default Ingest:BarsUrlTemplate).")]
    public string? Url { get; init; }
}
