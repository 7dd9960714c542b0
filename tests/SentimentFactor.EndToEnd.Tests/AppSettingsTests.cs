using System.Text.Json;
using SentimentFactor.Testing;
using Xunit;

namespace SentimentFactor.EndToEnd.Tests;

/// <summary>The shipped appsettings.json binds and validates as it is.</summary>
public sealed class AppSettingsTests
{
    [Fact]
    public void Shipped_appsettings_is_valid_json_with_every_stage_section()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "appsettings.json")));

        foreach (var section in new[] { "Database", "Ingest", "Scoring", "Modeling", "Aggregation", "Research", "Demo", "Jobs" })
        {
            Assert.True(document.RootElement.TryGetProperty(section, out _), $"appsettings.json has no '{section}' section");
        }
    }

    [Fact]
    public async Task Shipped_appsettings_passes_validation()
    {
        // `sf db stop --help` validates nothing; `sf db url` validates every options type before running.
        var result = await SfRunner.RunAsync(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = "postgresql://u@127.0.0.1:1/x" }, "db", "url");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
    }

    [Theory]
    [InlineData("Demo:Database", "Bad-Name")]
    [InlineData("Demo:Days", "3")]
    [InlineData("Demo:PostsPerDay", "0")]
    public async Task Bad_demo_setting_stops_at_start_naming_the_key(string key, string value)
    {
        var result = await SfRunner.RunAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = "postgresql://u@127.0.0.1:1/x", [key] = value }, "db", "url");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(key, result.Error, StringComparison.Ordinal);
        Assert.Contains(value, result.Error, StringComparison.Ordinal);
    }
}
