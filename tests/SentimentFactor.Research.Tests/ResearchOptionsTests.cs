using Microsoft.Extensions.Configuration;

namespace SentimentFactor.Research.Tests;

public sealed class ResearchOptionsTests
{
    private static string AppSettingsPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SentimentFactor.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("SentimentFactor.sln not found above the test binaries."), "appsettings.json");
    }

    [Fact]
    public void Shipped_appsettings_binds_every_research_key_and_validates()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(AppSettingsPath()).Build();
        var section = configuration.GetSection(ResearchOptions.Section);
        var options = new ResearchOptions();
        section.Bind(options, o => o.ErrorOnUnknownConfiguration = true);

        Assert.True(new ResearchOptionsValidator().Validate(null, options).Succeeded);
        Assert.Null(options.From);
        Assert.Null(options.HacLags);
        var properties = typeof(ResearchOptions).GetProperties().Select(p => p.Name).ToHashSet();
        Assert.All(section.GetChildren(), child => Assert.Contains(child.Key, properties));
        Assert.Equal(properties.Order(), section.GetChildren().Select(c => c.Key).Order());
    }

    [Fact]
    public void Invalid_values_are_named_with_key_bound_and_value()
    {
        var options = new ResearchOptions
        {
            Factors = "bullishness,hype",
            Horizon = -1,
            GrangerMaxLag = 0,
            From = new DateOnly(2025, 2, 1),
            To = new DateOnly(2025, 1, 1),
        };
        var result = new ResearchOptionsValidator().Validate(null, options);
        Assert.False(result.Succeeded);
        var failures = result.Failures!.ToList();
        Assert.Contains("Research:Horizon must be between 0 and 20, was -1.", failures);
        Assert.Contains("Research:GrangerMaxLag must be between 1 and 10, was 0.", failures);
        Assert.Contains(failures, f => f.StartsWith("Research:Factors is invalid, was \"bullishness,hype\": Unknown factor 'hype'.", StringComparison.Ordinal));
        Assert.Contains("Research:From must not be after Research:To, was 2025-02-01 > 2025-01-01.", failures);
    }

    [Fact]
    public void Options_become_the_default_spec()
    {
        var spec = new ResearchOptions { Factors = "net, log_volume", ModelId = " " }.ToSpec("^IXIC");
        Assert.Equal(["net", "log_volume"], spec.Factors);
        Assert.Null(spec.ModelId);
        Assert.Equal(1, spec.Horizon);
    }
}
