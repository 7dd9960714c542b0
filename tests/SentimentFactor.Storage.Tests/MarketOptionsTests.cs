using Microsoft.Extensions.Configuration;
using SentimentFactor.Testing;
using Xunit;

namespace SentimentFactor.Storage.Tests;

public sealed class MarketOptionsTests
{
    private static IConfiguration Shipped(params (string Key, string Value)[] overrides) => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(TestPaths.RepositoryRoot, "appsettings.json"))
        .AddInMemoryCollection(overrides.Select(o => new KeyValuePair<string, string?>(o.Key, o.Value)))
        .Build();

    [Fact]
    public void Shipped_appsettings_section_binds_every_key_and_validates()
    {
        var configuration = Shipped();
        var section = configuration.GetSection(MarketOptions.Section);
        var options = section.Get<MarketOptions>(o => o.ErrorOnUnknownConfiguration = true)!;

        Assert.True(new MarketOptionsValidator(configuration).Validate(null, options).Succeeded);
        Assert.Equal("^IXIC", options.Benchmark);
        var properties = typeof(MarketOptions).GetProperties().Select(p => p.Name).ToHashSet();
        Assert.Equal(properties.Order(StringComparer.Ordinal), section.GetChildren().Select(c => c.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_shipped_file_sets_none_of_the_keys_market_benchmark_replaced()
    {
        var configuration = Shipped();

        Assert.All(MarketOptionsValidator.FormerKeys, key => Assert.Null(configuration[key]));
    }

    [Fact]
    public void A_former_benchmark_key_stops_the_start_naming_where_its_value_goes()
    {
        var configuration = Shipped(("Research:Benchmark", "^NDX"), ("Ingest:BenchmarkSymbol", "^NDX"));

        var result = new MarketOptionsValidator(configuration).Validate(null, new MarketOptions { Benchmark = " " });

        Assert.Equal(
            [
                "Market:Benchmark must name a symbol of sf.market_bars such as ^IXIC, was ' '.",
                "Ingest:BenchmarkSymbol is no longer read: the benchmark is one setting for every stage now. Move its value to Market:Benchmark and delete Ingest:BenchmarkSymbol.",
                "Research:Benchmark is no longer read: the benchmark is one setting for every stage now. Move its value to Market:Benchmark and delete Research:Benchmark.",
            ],
            result.Failures);
    }
}
