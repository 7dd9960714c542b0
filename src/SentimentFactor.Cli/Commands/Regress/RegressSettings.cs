using System.ComponentModel;
using SentimentFactor.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Regress;

/// <summary>Options of `sf regress`; each one left out takes its Research:* default from appsettings.json.</summary>
internal sealed class RegressSettings : ResearchRunSettings
{
    [CommandOption("--benchmark <SYMBOL>")]
    [Description("Benchmark symbol in sf.market_bars (default Market:Benchmark, ^IXIC).")]
    public string? Benchmark { get; init; }

    [CommandOption("--model <ID>")]
    [Description("Model id or a unique prefix of it (default: the most recent model with daily sentiment rows).")]
    public string? Model { get; init; }

    [CommandOption("--symbol <SYMBOL>")]
    [Description("Sentiment symbol in sf.daily_sentiment: * = all posts (default Research:Symbol).")]
    public string? Symbol { get; init; }

    [CommandOption("--factors <LIST>")]
    [Description("Comma-separated: share_pos, share_neg, net, bullishness, log_volume (default Research:Factors).")]
    public string? Factors { get; init; }

    [CommandOption("--horizon <DAYS>")]
    [Description("h: the factor of day t explains the return of day t+h; 0 = same day (default Research:Horizon, 1).")]
    public int? Horizon { get; init; }

    [CommandOption("--lags <COUNT>")]
    [Description("Lagged benchmark returns known at the close of t, added as controls (default Research:ReturnLags).")]
    public int? ReturnLags { get; init; }

    [CommandOption("--min-posts <COUNT>")]
    [Description("Leave out days with fewer scored posts (default Research:MinPostsPerDay).")]
    public int? MinPostsPerDay { get; init; }

    [CommandOption("--hac-lags <COUNT>")]
    [Description("Newey-West lag, at most floor(n/4) (default: floor(4(n/100)^(2/9)), capped the same way).")]
    public int? HacLags { get; init; }

    [CommandOption("--seed-rule <RULE>")]
    [Description("Seed study's mostly-positive days: net (n_pos > n_neg, default) or majority (n_pos > n_total / 2).")]
    public string? SeedRule { get; init; }

    [CommandOption("--min-obs <COUNT>")]
    [Description("Refuse to regress on fewer observations (default Research:MinObservations).")]
    public int? MinObservations { get; init; }

    [CommandOption("--oos-min-train <DAYS>")]
    [Description("Training days before the first out-of-sample prediction (default Research:OosMinTrainingDays).")]
    public int? OosMinTrainingDays { get; init; }

    [CommandOption("--report-dir <DIR>")]
    [Description("Parent folder of the report folders (default Research:ReportDirectory, .sf/reports).")]
    public string? ReportDirectory { get; init; }

    public override ValidationResult Validate()
    {
        if (Benchmark is not null && string.IsNullOrWhiteSpace(Benchmark))
        {
            return ValidationResult.Error("--benchmark must name a symbol in sf.market_bars (e.g. ^IXIC), was empty.");
        }

        return base.Validate();
    }
}
