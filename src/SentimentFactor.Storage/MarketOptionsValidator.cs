using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace SentimentFactor.Storage;

/// <summary>
/// Checks <see cref="MarketOptions"/>, and refuses the three keys the benchmark had before Market:Benchmark (each
/// stage had its own), so an old appsettings.json is not silently ignored.
/// </summary>
internal sealed class MarketOptionsValidator(IConfiguration configuration) : IValidateOptions<MarketOptions>
{
    /// <summary>The keys Market:Benchmark replaced.</summary>
    public static readonly string[] FormerKeys = ["Ingest:BenchmarkSymbol", "Aggregation:Benchmark", "Research:Benchmark"];

    public ValidateOptionsResult Validate(string? name, MarketOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Benchmark))
        {
            failures.Add($"{MarketOptions.Section}:Benchmark must name a symbol of sf.market_bars such as ^IXIC, was '{options.Benchmark}'.");
        }

        foreach (var key in FormerKeys.Where(k => configuration.GetSection(k).Value is not null))
        {
            failures.Add($"{key} is no longer read: the benchmark is one setting for every stage now. Move its value to {MarketOptions.Section}:Benchmark and delete {key}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
