using System.Text.Json;
using Microsoft.Extensions.Options;
using SentimentFactor.Research;
using SentimentFactor.Research.CrossSection;
using SentimentFactor.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.CrossSection;

/// <summary>`sf crosssection`: each symbol's sentiment against its own returns; store the run and write a report.</summary>
internal sealed class CrossSectionCommand : AsyncCommand<CrossSectionSettings>
{
    private readonly SfDatabase _database;
    private readonly CrossSectionService _service;
    private readonly IOptions<ResearchOptions> _options;
    private readonly IAnsiConsole _console;

    public CrossSectionCommand(SfDatabase database, CrossSectionService service, IOptions<ResearchOptions> options, IAnsiConsole console)
    {
        _database = database;
        _service = service;
        _options = options;
        _console = console;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, CrossSectionSettings settings, CancellationToken cancellationToken)
    {
        var spec = ToSpec(settings, _options.Value);
        var dataSource = await _database.OpenAsync(cancellationToken);
        // Typed on the command line: relative to where the user is; the configured default is relative to the repository.
        var reportDirectory = settings.ReportDirectory is { } directory ? Path.GetFullPath(directory) : null;
        var run = await _service.RunAsync(dataSource, spec, !settings.NoReport, reportDirectory, cancellationToken);
        if (settings.Json)
        {
            var json = JsonSerializer.Serialize(new { run.RunId, run.CreatedAt, run.Spec, run.Results, run.ReportPath }, ResearchJson.Indented);
            _console.Profile.Out.Writer.WriteLine(json);
        }
        else
        {
            CrossSectionTables.Write(_console, run);
        }

        return 0;
    }

    internal static CrossSectionSpec ToSpec(CrossSectionSettings s, ResearchOptions defaults)
    {
        var spec = new CrossSectionSpec();
        return spec with
        {
            ModelId = s.Model ?? (string.IsNullOrWhiteSpace(defaults.ModelId) ? null : defaults.ModelId),
            Symbols = s.Symbols?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => v.ToUpperInvariant()).ToList() ?? [],
            Factor = s.Factor ?? spec.Factor,
            Horizon = s.Horizon ?? spec.Horizon,
            MaxHorizon = s.MaxHorizon ?? spec.MaxHorizon,
            Quantiles = s.Quantiles ?? spec.Quantiles,
            MinPostsPerDay = s.MinPostsPerDay ?? Math.Max(1, defaults.MinPostsPerDay),
            MinSymbolsPerDay = s.MinSymbolsPerDay ?? spec.MinSymbolsPerDay,
            From = CrossSectionSettings.ParseDate(s.From),
            To = CrossSectionSettings.ParseDate(s.To),
            FixedEffects = s.FixedEffects,
            HacLags = s.HacLags,
        };
    }
}
