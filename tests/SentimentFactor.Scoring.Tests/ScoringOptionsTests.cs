using Microsoft.Extensions.Configuration;

namespace SentimentFactor.Scoring.Tests;

public sealed class ScoringOptionsTests
{
    [Fact]
    public void Shipped_appsettings_binds_every_scoring_key_and_validates()
    {
        var path = FindUpwards("appsettings.json");
        var section = new ConfigurationBuilder().AddJsonFile(path).Build().GetSection(ScoringOptions.Section);
        var options = section.Get<ScoringOptions>(o => o.ErrorOnUnknownConfiguration = true)!;

        var result = new ScoringOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
        var properties = typeof(ScoringOptions).GetProperties().Select(p => p.Name).Order();
        Assert.Equal(properties, section.GetChildren().Select(c => c.Key).Order());
    }

    [Fact]
    public void Validator_names_key_bound_and_value_of_each_failure()
    {
        var options = new ScoringOptions { MaxTokensPerBatch = 0, Device = "tpu", QueueDepth = 0, Precision = "fp16" };

        var result = new ScoringOptionsValidator().Validate(null, options);

        Assert.False(result.Succeeded);
        Assert.Contains("Scoring:MaxTokensPerBatch must be at least 128, was 0.", result.Failures!);
        Assert.Contains("Scoring:Device must be one of auto, cuda, cpu, was 'tpu'.", result.Failures!);
        Assert.Contains("Scoring:QueueDepth must be between 1 and 64, was 0.", result.Failures!);
        Assert.Contains("Scoring:Precision must be one of auto, fp32, int8, was 'fp16'.", result.Failures!);
    }

    private static string FindUpwards(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, file);
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "SentimentFactor.sln")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{file} not found above {AppContext.BaseDirectory}");
    }
}
