using System.ComponentModel;
using SentimentFactor.Cli.Commands.Aggregate;
using SentimentFactor.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Calendar;

/// <summary>Options of `sf calendar check`.</summary>
internal sealed class CalendarCheckSettings : SfSettings
{
    [CommandOption("--symbol <SYMBOL>")]
    [Description("Benchmark in sf.market_bars to compare with. Default: Market:Benchmark (^IXIC).")]
    public string? Symbol { get; init; }

    [CommandOption("--from <DAY>")]
    [Description("First day compared (yyyy-MM-dd). Default: the symbol's first bar.")]
    public string? From { get; init; }

    [CommandOption("--to <DAY>")]
    [Description("Last day compared (yyyy-MM-dd). Default: the symbol's last bar.")]
    public string? To { get; init; }

    public DateOnly? FromDay => DayOption.TryParse(From, out var day) ? day : null;

    public DateOnly? ToDay => DayOption.TryParse(To, out var day) ? day : null;

    public override ValidationResult Validate() =>
        !DayOption.TryParse(From, out _) ? ValidationResult.Error($"--from must be a date like 2024-03-28, was '{From}'.")
        : !DayOption.TryParse(To, out _) ? ValidationResult.Error($"--to must be a date like 2024-03-28, was '{To}'.")
        : ValidationResult.Success();
}
