using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SentimentFactor.Scoring.DefaultModel;

namespace SentimentFactor.Scoring;

/// <summary>The one wiring entry point of SentimentFactor.Scoring (options from section "Scoring", services).</summary>
public static class ScoringHostingExtensions
{
    /// <summary>Registers this stage's options (validated at start) and services.</summary>
    public static IHostApplicationBuilder AddScoring(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ScoringOptions>().BindConfiguration(ScoringOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ScoringOptions>, ScoringOptionsValidator>();
        builder.Services.AddSingleton<ModelResolver>();
        builder.Services.AddSingleton<Runs.ScoreRun>();
        builder.Services.AddSingleton<ScoringService>();
        return builder;
    }
}
