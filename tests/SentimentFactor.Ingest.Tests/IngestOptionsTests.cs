using Microsoft.Extensions.Configuration;

namespace SentimentFactor.Ingest.Tests;

public sealed class IngestOptionsTests
{
    private static string RepositoryFile(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, name);
            if (File.Exists(path) && File.Exists(Path.Combine(directory.FullName, "SentimentFactor.sln")))
            {
                return path;
            }
        }

        throw new FileNotFoundException($"{name} not found above {AppContext.BaseDirectory}");
    }

    [Fact]
    public void Shipped_appsettings_binds_every_ingest_key_and_validates()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(RepositoryFile("appsettings.json")).Build();
        var section = configuration.GetSection(IngestOptions.Section);
        var options = new IngestOptions();

        section.Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        var result = new IngestOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
        var properties = typeof(IngestOptions).GetProperties().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.All(section.GetChildren(), key => Assert.Contains(key.Key, properties));
        Assert.Equal(properties.Order(StringComparer.Ordinal), section.GetChildren().Select(c => c.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_bad_value_is_named_with_key_bound_and_value()
    {
        var options = new IngestOptions { XMaxResults = 500, FileBatchSize = 0, BarsUrlTemplate = "https://example.com/no-placeholder", RetryBaseDelay = TimeSpan.Zero };
        options.FieldMap["colour"] = "x";

        var result = new IngestOptionsValidator().Validate(null, options);

        Assert.False(result.Succeeded);
        var failures = result.Failures!.ToList();
        Assert.Contains("Ingest:XMaxResults must be between 10 and 100, was 500.", failures);
        Assert.Contains("Ingest:FileBatchSize must be at least 100, was 0.", failures);
        Assert.Contains(failures, f => f.StartsWith("Ingest:BarsUrlTemplate must be an absolute URL containing {symbol}", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Ingest:RetryBaseDelay must be positive", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Ingest:FieldMap:colour", StringComparison.Ordinal));
        Assert.Equal(5, failures.Count);
    }
}
