using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SentimentFactor.Research.Reports;

/// <summary>
/// Where `sf regress` and `sf crosssection` write a run's report folder: under the directory given, else
/// Research:ReportDirectory, a relative path taken from the content root (the repository), as Database:DataDirectory is.
/// </summary>
public sealed class ReportFolders(IOptions<ResearchOptions> options, IHostEnvironment environment)
{
    /// <summary>The folder <paramref name="runFolder"/> under <paramref name="reportDirectory"/> (null: Research:ReportDirectory).</summary>
    public string For(string? reportDirectory, string runFolder)
    {
        ArgumentNullException.ThrowIfNull(options);
        var parent = reportDirectory ?? options.Value.ReportDirectory;
        return Path.Combine(Path.GetFullPath(parent, environment.ContentRootPath), runFolder);
    }
}
