using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SentimentFactor.Aggregation;

/// <summary>The one wiring entry point of the aggregation stage: options "Aggregation" (validated on start) and <see cref="AggregationService"/>.</summary>
public static class AggregationHostingExtensions
{
    /// <summary>Registers the aggregation options, their validator and the stage service.</summary>
    public static IHostApplicationBuilder AddAggregation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AggregationOptions>().BindConfiguration(AggregationOptions.Section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AggregationOptions>, AggregationOptionsValidator>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<AggregationService>();
        return builder;
    }
}
