using System.ComponentModel;
using System.Globalization;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Core.Synthetic;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Generate;

/// <summary>The synthetic world's size and seed, shared by `sf generate` and `sf demo`; unset = Demo:* settings.</summary>
internal class SyntheticWorldSettings : SfSettings
{
    [CommandOption("--days <N>")]
    [Description("Trading days (NASDAQ calendar) ending at --last-day. Default: Demo:Days (250).")]
    public int? Days { get; init; }

    [CommandOption("--posts-per-day <N>")]
    [Description("Posts belonging to each trading day. Default: Demo:PostsPerDay (40).")]
    public int? PostsPerDay { get; init; }

    [CommandOption("--seed <N>")]
    [Description("Seed of every random draw; the same seed gives the same files. Default: Demo:Seed.")]
    public int? Seed { get; init; }

    [CommandOption("--last-day <DATE>")]
    [Description("Last trading day of the world (yyyy-MM-dd). Default: 2025-06-30, fixed so reruns agree.")]
    public string? LastDay { get; init; }

    [CommandOption("--effect <COEF>")]
    [Description("Planted next-day log return per standard deviation of mood. Default: 0.004.")]
    public double? Effect { get; init; }

    [CommandOption("--symbols <N>")]
    [Description("Symbols of the multi-symbol world (own posts, own bars, a planted cross-sectional effect), in the trading days before the index world; 0 = none. Default: Demo:PanelSymbols (8).")]
    public int? Symbols { get; init; }

    [CommandOption("--symbol-days <N>")]
    [Description("Trading days of the multi-symbol world. Default: Demo:PanelDays (120).")]
    public int? SymbolDays { get; init; }

    [CommandOption("--posts-per-symbol-day <N>")]
    [Description("Posts of each symbol on each of its days. Default: Demo:PanelPostsPerSymbolDay (5).")]
    public int? PostsPerSymbolDay { get; init; }

    /// <summary>The multi-symbol world's spec, ending the trading day before <paramref name="indexFirstDay"/>; null when switched off.</summary>
    public SyntheticPanelSpec? ToPanelSpec(DemoOptions defaults, DateOnly indexFirstDay)
    {
        var symbols = Symbols ?? defaults.PanelSymbols;
        return symbols == 0
            ? null
            : new SyntheticPanelSpec(
                Symbols: symbols,
                TradingDays: SymbolDays ?? defaults.PanelDays,
                PostsPerSymbolDay: PostsPerSymbolDay ?? defaults.PanelPostsPerSymbolDay,
                Seed: (Seed ?? defaults.Seed) + 1,
                LastDay: Core.Calendar.NasdaqCalendar.Instance.PreviousTradingDay(indexFirstDay));
    }

    public SyntheticMarketSpec ToSpec(DemoOptions defaults) => new(
        TradingDays: Days ?? defaults.Days,
        PostsPerDay: PostsPerDay ?? defaults.PostsPerDay,
        Seed: Seed ?? defaults.Seed,
        LastDay: LastDay is null ? null : DateOnly.ParseExact(LastDay, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        ReturnOnMood: Effect ?? new SyntheticMarketSpec().ReturnOnMood);

    public override ValidationResult Validate()
    {
        if (LastDay is not null && !DateOnly.TryParseExact(LastDay, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return ValidationResult.Error($"--last-day must be a date like 2025-06-30 (got '{LastDay}').");
        }

        // Unset values come from Demo:* later and are checked there; only what was typed is checked here.
        var typed = new SyntheticMarketSpec();
        typed = typed with { TradingDays = Days ?? typed.TradingDays, PostsPerDay = PostsPerDay ?? typed.PostsPerDay };
        var problems = typed.Problems().ToList();
        if (Symbols is { } n && n != 0)
        {
            problems.AddRange(new SyntheticPanelSpec(Symbols: n, TradingDays: SymbolDays ?? 120, PostsPerSymbolDay: PostsPerSymbolDay ?? 5).Problems());
        }

        return problems.Count == 0 ? ValidationResult.Success() : ValidationResult.Error(string.Join("; ", problems));
    }
}

/// <summary>Arguments of `sf generate`.</summary>
internal sealed class GenerateSettings : SyntheticWorldSettings
{
    [CommandOption("-o|--out <DIR>")]
    [Description("Folder for posts.jsonl, index-bars.csv and truth.json. Default: Demo:Directory/data.")]
    public string? Out { get; init; }
}
