using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SentimentFactor.Modeling.Checkpoints;

namespace SentimentFactor.Modeling;

/// <summary>The one wiring entry point of SentimentFactor.Modeling (options from section "Modeling", services).</summary>
public static class ModelingHostingExtensions
{
    /// <summary>Registers this stage's options (validated at start) and services.</summary>
    public static IHostApplicationBuilder AddModeling(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ModelingOptions>().BindConfiguration(ModelingOptions.Section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelingOptions>, ModelingOptionsValidator>());
        builder.Services.TryAddSingleton<CheckpointConverter>();
        builder.Services.TryAddSingleton<RandomCheckpointWriter>();
        builder.Services.TryAddSingleton<Benchmarks.ModelBenchmark>();
        return builder;
    }
}
