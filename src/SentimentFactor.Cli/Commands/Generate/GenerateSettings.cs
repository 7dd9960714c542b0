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
        var problems = typed.Problems();
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
