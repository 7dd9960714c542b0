using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SentimentFactor.Research;

/// <summary>The one wiring entry point of SentimentFactor.Research (options from section "Research", services).</summary>
public static class ResearchHostingExtensions
{
    /// <summary>Registers this stage's options (validated at start) and services.</summary>
    public static IHostApplicationBuilder AddResearch(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ResearchOptions>().BindConfiguration(ResearchOptions.Section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ResearchOptions>, ResearchOptionsValidator>());
        builder.Services.TryAddSingleton<Reports.ReportFolders>();
        builder.Services.TryAddSingleton<RegressionService>();
        builder.Services.TryAddSingleton<CrossSection.CrossSectionService>();
        return builder;
    }
}
