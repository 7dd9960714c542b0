using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SentimentFactor.Storage;

/// <summary>The one wiring entry point of SentimentFactor.Storage (section "Database", SF_DB).</summary>
public static class StorageHostingExtensions
{
    /// <summary>Registers <see cref="DatabaseOptions"/> and <see cref="MarketOptions"/> (validated at start) and the process's <see cref="SfDatabase"/>.</summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        builder.Services.AddOptions<MarketOptions>().BindConfiguration(MarketOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MarketOptions>, MarketOptionsValidator>();
        builder.Services.AddSingleton<SfDatabase>();
        return builder;
    }
}
