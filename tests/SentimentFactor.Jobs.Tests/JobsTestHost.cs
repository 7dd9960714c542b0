using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SentimentFactor.Aggregation;
using SentimentFactor.Ingest;
using SentimentFactor.Jobs.Chain;
using SentimentFactor.Modeling;
using SentimentFactor.Research;
using SentimentFactor.Scoring;
using SentimentFactor.Storage;
using SentimentFactor.Testing;

namespace SentimentFactor.Jobs.Tests;

/// <summary>The services `sf` builds (SfHost), on the shipped appsettings.json, a test database and overrides.</summary>
internal static class JobsTestHost
{
    public static HostApplicationBuilder CreateBuilder(string connectionString, IReadOnlyDictionary<string, string?> overrides, TimeProvider? clock = null)
    {
        var root = TestPaths.RepositoryRoot;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = root, EnvironmentName = Environments.Production });
        builder.Configuration.AddJsonFile(Path.Combine(root, "appsettings.json"), optional: false);
        builder.Configuration.AddInMemoryCollection([new(SfDatabase.ConnectionStringKey, connectionString), .. overrides]);
        builder.Logging.AddFilter(_ => false);
        builder.Services.AddSingleton(clock ?? TimeProvider.System);
        builder.AddStorage();
        builder.AddIngest();
        builder.AddModeling();
        builder.AddScoring();
        builder.AddAggregation();
        builder.AddResearch();
        builder.AddJobs();
        return builder;
    }

    /// <summary>What `sf run nightly` does: the chain once, through the stage jobs of a private in-memory scheduler.</summary>
    public static async Task<ChainResult> RunOnceAsync(HostApplicationBuilder builder, DateOnly? day = null, CancellationToken cancellationToken = default)
    {
        builder.AddNightlyRunner();
        using var host = builder.Build();
        await host.StartAsync(CancellationToken.None);
        try
        {
            return await host.Services.GetRequiredService<NightlyRunner>().RunAsync(day, cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>A host whose chain is exactly <paramref name="stages"/>, in order.</summary>
    public static HostApplicationBuilder WithStages(this HostApplicationBuilder builder, params INightlyStage[] stages)
    {
        builder.Services.RemoveAll<INightlyStage>();
        foreach (var stage in stages)
        {
            builder.Services.AddSingleton(stage);
        }

        return builder;
    }
}
