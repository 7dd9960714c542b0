using System.Globalization;
using SentimentFactor.Aggregation;
using SentimentFactor.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Aggregate;

/// <summary>`sf aggregate`: recomputes sf.daily_sentiment for a range of trading days, per model.</summary>
internal sealed class AggregateCommand : AsyncCommand<AggregateSettings>
{
    private readonly SfDatabase _database;
    private readonly AggregationService _aggregation;
    private readonly IAnsiConsole _console;

    public AggregateCommand(SfDatabase database, AggregationService aggregation, IAnsiConsole console)
    {
        _database = database;
        _aggregation = aggregation;
        _console = console;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, AggregateSettings settings, CancellationToken cancellationToken)
    {
        var dataSource = await _database.OpenAsync(cancellationToken);
        var results = await _aggregation.RunAsync(
            dataSource, new AggregationRequest(settings.FromDay, settings.ToDay, settings.Model), cancellationToken);

        var table = new Table().AddColumns("model", "from", "to", "trading days", "batches", "rows", "seconds");
        foreach (var r in results)
        {
            table.AddRow(
                Markup.Escape(r.ModelId),
                r.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-",
                r.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-",
                r.TradingDays.ToString(CultureInfo.InvariantCulture),
                r.Batches.ToString(CultureInfo.InvariantCulture),
                r.Rows.ToString(CultureInfo.InvariantCulture),
                r.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture));
        }

        _console.Write(table);
        return 0;
    }
}
