using Microsoft.Extensions.Configuration;
using Xunit;

namespace SentimentFactor.Aggregation.Tests;

public sealed class AggregationOptionsTests
{
    [Fact]
    public void Shipped_appsettings_section_binds_every_key_and_validates()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "appsettings.json")) || !File.Exists(Path.Combine(root.FullName, "SentimentFactor.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("appsettings.json not found above the test binaries.");
        }

        var section = new ConfigurationBuilder().AddJsonFile(Path.Combine(root.FullName, "appsettings.json")).Build()
            .GetSection(AggregationOptions.Section);
        var options = section.Get<AggregationOptions>(o => o.ErrorOnUnknownConfiguration = true)!;

        Assert.True(new AggregationOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(1_000, options.DaysPerBatch);
        var properties = typeof(AggregationOptions).GetProperties().Select(p => p.Name).ToHashSet();
        Assert.All(section.GetChildren(), key => Assert.Contains(key.Key, properties));
    }

    [Fact]
    public void Validator_names_key_bound_and_value_of_every_failure()
    {
        var result = new AggregationOptionsValidator().Validate(null, new AggregationOptions
        {
            DaysPerBatch = 0,
            WorkMemMegabytes = 0,
            CommandTimeout = TimeSpan.Zero,
        });

        Assert.Equal(
            [
                "Aggregation:DaysPerBatch must be between 1 and 100000, was 0.",
                "Aggregation:WorkMemMegabytes must be between 1 and 65536, was 0.",
                "Aggregation:CommandTimeout must be between 00:00:01 and 1.00:00:00, was 00:00:00.",
            ],
            result.Failures);
    }
}
