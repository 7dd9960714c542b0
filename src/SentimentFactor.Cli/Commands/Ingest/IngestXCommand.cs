using SentimentFactor.Ingest;
using SentimentFactor.Ingest.Sources;
using SentimentFactor.Storage;
using Spectre.Console;

namespace SentimentFactor.Cli.Commands.Ingest;

/// <summary>`sf ingest x --query "..."`: pull the X API v2 recent search from where the last pull stopped.</summary>
internal sealed class IngestXCommand(SfDatabase database, IngestService ingest, IAnsiConsole console)
    : ApiPullCommand<IngestXSettings>(database, ingest, console, "x")
{
    protected override IEnumerable<IPostSource> CreateSources(IngestService ingest, IngestXSettings settings)
    {
        var since = ingest.ParseSince(settings.Since);
        return settings.Queries.Select(q => ingest.CreateXSource(q, since));
    }
}
