using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SentimentFactor.Ingest;

/// <summary>The one wiring entry point of SentimentFactor.Ingest (options from section "Ingest", services).</summary>
public static class IngestHostingExtensions
{
    /// <summary>HttpClient name of the API sources (X, StockTwits, bars endpoint).</summary>
    public const string HttpClientName = "SentimentFactor.Ingest";

    /// <summary>Registers this stage's options (validated at start), its HttpClient and <see cref="IngestService"/>.</summary>
    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IngestOptions>, IngestOptionsValidator>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient(HttpClientName, client =>
        {
            // Per-request timeouts come from Ingest:RequestTimeout inside the retry pipeline.
            client.Timeout = Timeout.InfiniteTimeSpan;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("SentimentFactor/1.0");
        });
        builder.Services.TryAddSingleton<IngestService>();
        return builder;
    }
}
