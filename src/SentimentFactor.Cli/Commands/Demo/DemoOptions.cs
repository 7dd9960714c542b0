using Microsoft.Extensions.Options;
using SentimentFactor.Core.Synthetic;
using SentimentFactor.Storage;

namespace SentimentFactor.Cli.Commands;

/// <summary>Section "Demo": where `sf demo` works and the size of its synthetic world.</summary>
internal sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>The demo's own database on the configured server; dropped and recreated by every `sf demo`.</summary>
    public string Database { get; set; } = "sentimentfactor_demo";

    /// <summary>Folder for the generated data and the report; relative paths are relative to the repository.</summary>
    public string Directory { get; set; } = ".sf/demo";

    public int Days { get; set; } = 250;

    public int PostsPerDay { get; set; } = 40;

    public int Seed { get; set; } = 20240601;

    /// <summary>Symbols of the multi-symbol world (0 = none); it lies in the trading days before the index world.</summary>
    public int PanelSymbols { get; set; } = 8;

    /// <summary>Trading days of the multi-symbol world.</summary>
    public int PanelDays { get; set; } = 120;

    /// <summary>Posts of each symbol on each of its days.</summary>
    public int PanelPostsPerSymbolDay { get; set; } = 5;
}

/// <summary>Checks Demo:* at start; each message names the key.</summary>
internal sealed class DemoOptionsValidator : IValidateOptions<DemoOptions>
{
    public ValidateOptionsResult Validate(string? name, DemoOptions options)
    {
        var failures = new List<string>();
        if (!DatabaseProvisioner.IsValidName(options.Database))
        {
            failures.Add($"Demo:Database must be a lower-case PostgreSQL name (1-63 of a-z, 0-9, '_'; not starting with a digit), got '{options.Database}'.");
        }

        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            failures.Add("Demo:Directory must not be empty.");
        }

        if (options.Days is < SyntheticMarketSpec.MinTradingDays or > SyntheticMarketSpec.MaxTradingDays)
        {
            failures.Add($"Demo:Days must be between {SyntheticMarketSpec.MinTradingDays} and {SyntheticMarketSpec.MaxTradingDays}, got {options.Days}.");
        }

        if (options.PostsPerDay is < SyntheticMarketSpec.MinPostsPerDay or > SyntheticMarketSpec.MaxPostsPerDay)
        {
            failures.Add($"Demo:PostsPerDay must be between {SyntheticMarketSpec.MinPostsPerDay} and {SyntheticMarketSpec.MaxPostsPerDay}, got {options.PostsPerDay}.");
        }

        if (options.PanelSymbols != 0)
        {
            failures.AddRange(new SyntheticPanelSpec(options.PanelSymbols, options.PanelDays, options.PanelPostsPerSymbolDay).Problems()
                .Select(p => $"Demo:Panel settings: {p}."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
