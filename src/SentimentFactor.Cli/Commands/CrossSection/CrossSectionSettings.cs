using System.ComponentModel;
using System.Globalization;
using SentimentFactor.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.CrossSection;

/// <summary>Options of `sf crosssection`.</summary>
internal sealed class CrossSectionSettings : ResearchRunSettings
{
    [CommandOption("--model <ID>")]
    [Description("Model id or a unique prefix (default: the most recent model with per-symbol sentiment for symbols with bars).")]
    public string? Model { get; init; }

    [CommandOption("--symbols <LIST>")]
    [Description("Comma-separated symbols (default: every symbol with both daily sentiment and bars).")]
    public string? Symbols { get; init; }

    [CommandOption("--factor <NAME>")]
    [Description("share_pos, share_neg, net, bullishness (default) or log_volume.")]
    public string? Factor { get; init; }

    [CommandOption("--horizon <DAYS>")]
    [Description("h: factor of day t vs each symbol's return of day t+h (default 1).")]
    public int? Horizon { get; init; }

    [CommandOption("--max-horizon <DAYS>")]
    [Description("IC decay for h = 1..this (default 10).")]
    public int? MaxHorizon { get; init; }

    [CommandOption("--quantiles <COUNT>")]
    [Description("Portfolios per day: 3 = terciles, 5 = quintiles (default 5).")]
    public int? Quantiles { get; init; }

    [CommandOption("--min-posts <COUNT>")]
    [Description("Leave out symbol-days with fewer posts (default Research:MinPostsPerDay).")]
    public int? MinPostsPerDay { get; init; }

    [CommandOption("--min-symbols <COUNT>")]
    [Description("Days with fewer symbols have no IC or Fama-MacBeth slope (default 5).")]
    public int? MinSymbolsPerDay { get; init; }

    [CommandOption("--fixed-effects")]
    [Description("Also fit the pooled regression with symbol fixed effects.")]
    public bool FixedEffects { get; init; }

    [CommandOption("--hac-lags <COUNT>")]
    [Description("Newey-West lag of the IC, long-short and Fama-MacBeth t (default floor(4(T/100)^(2/9)); at most floor(T/4)).")]
    public int? HacLags { get; init; }

    [CommandOption("--report-dir <DIR>")]
    [Description("Parent folder of the report folders (default Research:ReportDirectory, .sf/reports); the run's folder is cs-<run_id>.")]
    public string? ReportDirectory { get; init; }

    public override ValidationResult Validate()
    {
        var dates = base.Validate();
        if (!dates.Successful)
        {
            return dates;
        }

        foreach (var (option, value, min, max) in new[]
        {
            ("--horizon", Horizon, 1, 20), ("--max-horizon", MaxHorizon, 1, 20), ("--quantiles", Quantiles, 2, 10),
            ("--min-posts", MinPostsPerDay, 1, 1_000_000), ("--min-symbols", MinSymbolsPerDay, 2, 100_000), ("--hac-lags", HacLags, 0, 100),
        })
        {
            if (value is { } v && (v < min || v > max))
            {
                return ValidationResult.Error(string.Create(CultureInfo.InvariantCulture, $"{option} must be between {min} and {max}, was {v}."));
            }
        }

        return ValidationResult.Success();
    }
}
