using System.Text.Json;
using Microsoft.Extensions.Options;
using SentimentFactor.Research;
using SentimentFactor.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Regress;

/// <summary>`sf regress`: regress the daily sentiment factor on the benchmark's moves, store and report the run.</summary>
internal sealed class RegressCommand : AsyncCommand<RegressSettings>
{
    private readonly SfDatabase _database;
    private readonly RegressionService _service;
    private readonly IOptions<ResearchOptions> _options;
    private readonly IOptions<MarketOptions> _market;
    private readonly IAnsiConsole _console;

    public RegressCommand(SfDatabase database, RegressionService service, IOptions<ResearchOptions> options, IOptions<MarketOptions> market, IAnsiConsole console)
    {
        _database = database;
        _service = service;
        _options = options;
        _market = market;
        _console = console;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, RegressSettings settings, CancellationToken cancellationToken)
    {
        var options = Merge(_options.Value, settings);
        var validation = new ResearchOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw ResearchException.InvalidSpec(validation.Failures);
        }

        var dataSource = await _database.OpenAsync(cancellationToken);
        var spec = options.ToSpec(settings.Benchmark ?? _market.Value.Benchmark);
        var run = await _service.RunAsync(dataSource, spec, !settings.NoReport, options.ReportDirectory, cancellationToken);
        if (settings.Json)
        {
            var json = JsonSerializer.Serialize(
                new { run.RunId, run.CreatedAt, run.Spec, run.Results, run.ReportPath }, ResearchJson.Indented);
            _console.Profile.Out.Writer.WriteLine(json);
        }
        else
        {
            RegressTables.Write(_console, run);
        }

        return 0;
    }

    /// <summary>Research:* defaults with the options given on the command line on top.</summary>
    private static ResearchOptions Merge(ResearchOptions defaults, RegressSettings s) => new()
    {
        ModelId = s.Model ?? defaults.ModelId,
        Symbol = s.Symbol ?? defaults.Symbol,
        Factors = s.Factors ?? defaults.Factors,
        Horizon = s.Horizon ?? defaults.Horizon,
        ReturnLags = s.ReturnLags ?? defaults.ReturnLags,
        From = RegressSettings.ParseDate(s.From) ?? defaults.From,
        To = RegressSettings.ParseDate(s.To) ?? defaults.To,
        MinPostsPerDay = s.MinPostsPerDay ?? defaults.MinPostsPerDay,
        HacLags = s.HacLags ?? defaults.HacLags,
        MinObservations = s.MinObservations ?? defaults.MinObservations,
        OosMinTrainingDays = s.OosMinTrainingDays ?? defaults.OosMinTrainingDays,
        GrangerMaxLag = defaults.GrangerMaxLag,
        SeedRule = s.SeedRule ?? defaults.SeedRule,
        // Typed on the command line: relative to where the user is; the configured default is relative to the repository.
        ReportDirectory = s.ReportDirectory is { } directory ? Path.GetFullPath(directory) : defaults.ReportDirectory,
    };
}
