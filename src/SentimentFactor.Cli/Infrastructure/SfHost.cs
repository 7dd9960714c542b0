using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using SentimentFactor.Aggregation;
using SentimentFactor.Cli.Commands;
using SentimentFactor.Ingest;
using SentimentFactor.Jobs;
using SentimentFactor.Modeling;
using SentimentFactor.Research;
using SentimentFactor.Scoring;
using SentimentFactor.Storage;
using Spectre.Console;

namespace SentimentFactor.Cli.Infrastructure;

/// <summary>Builds the services every command draws on: configuration, logging, each stage's wiring.</summary>
internal static class SfHost
{
    /// <summary>Environment variables with this prefix override appsettings.json (SF_Scoring__MaxTokensPerBatch=...).</summary>
    public const string EnvironmentPrefix = "SF_";

    public static HostApplicationBuilder CreateBuilder(string root, bool verbose, IAnsiConsole console, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = root,
            EnvironmentName = Environments.Production,
        });
        AddConfiguration(builder.Configuration, root, overrides);

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss ";
        });
        // Results go to stdout; logs stay on stderr so `sf ... > out.csv` stays clean.
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        if (verbose)
        {
            builder.Logging.AddFilter("SentimentFactor", LogLevel.Debug);
        }

        builder.Services.AddSingleton(console);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddStorage();
        builder.AddIngest();
        builder.AddModeling();
        builder.AddScoring();
        builder.AddAggregation();
        builder.AddResearch();
        builder.AddJobs();
        builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section)
            .PostConfigure<IHostEnvironment>((options, environment) =>
            {
                if (!string.IsNullOrWhiteSpace(options.Directory))
                {
                    options.Directory = Path.GetFullPath(options.Directory, environment.ContentRootPath);
                }
            })
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DemoOptions>, DemoOptionsValidator>();
        return builder;
    }

    /// <summary>
    /// A second host for a command that runs a scheduler of its own (`sf schedule run`, `sf run nightly`), on this
    /// process's <paramref name="configuration"/> (so its overrides carry over).
    /// </summary>
    public static HostApplicationBuilder CreateNestedBuilder(IConfiguration configuration, bool verbose, IAnsiConsole console)
    {
        var builder = CreateBuilder(RepositoryRoot.Locate(), verbose, console);
        builder.Configuration.AddConfiguration(configuration);
        return builder;
    }

    /// <summary>appsettings.json, then SF_* variables, then SF_DB as the connection string, then test overrides.</summary>
    public static void AddConfiguration(IConfigurationBuilder configuration, string root, IReadOnlyDictionary<string, string?>? overrides)
    {
        configuration.SetBasePath(root);
        configuration.AddJsonFile("appsettings.json", optional: true, reloadOnChange: false);
        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        if (Environment.GetEnvironmentVariable("SF_DB") is { Length: > 0 } connectionString)
        {
            configuration.AddInMemoryCollection([new(SfDatabase.ConnectionStringKey, connectionString)]);
        }

        if (overrides is not null)
        {
            configuration.AddInMemoryCollection(overrides);
        }
    }
}
