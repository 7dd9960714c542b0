using Microsoft.Extensions.Options;

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
}

/// <summary>Checks Demo:* at start; each message names the key.</summary>
internal sealed class DemoOptionsValidator : IValidateOptions<DemoOptions>
{
    public ValidateOptionsResult Validate(string? name, DemoOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Database) || options.Database.Length > 63
            || !options.Database.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_') || char.IsDigit(options.Database[0]))
        {
            failures.Add($"Demo:Database must be a lower-case PostgreSQL name (letters, digits, '_'), got '{options.Database}'.");
        }

        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            failures.Add("Demo:Directory must not be empty.");
        }

        if (options.Days is < 30 or > 5000)
        {
            failures.Add($"Demo:Days must be between 30 and 5000, got {options.Days}.");
        }

        if (options.PostsPerDay is < 1 or > 100_000)
        {
            failures.Add($"Demo:PostsPerDay must be between 1 and 100000, got {options.PostsPerDay}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
