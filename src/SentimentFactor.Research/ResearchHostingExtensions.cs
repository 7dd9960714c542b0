using Microsoft.Extensions.Hosting;

namespace SentimentFactor.Research;

/// <summary>The one wiring entry point of SentimentFactor.Research (options from section "Research", services).</summary>
public static class ResearchHostingExtensions
{
    /// <summary>Registers this stage's options (validated at start) and services.</summary>
    public static IHostApplicationBuilder AddResearch(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder;
    }
}
