using System.Globalization;
using SentimentFactor.Aggregation;
using SentimentFactor.Core.Calendar;
using SentimentFactor.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Calendar;

/// <summary>
/// `sf calendar check`: lists the days on which the trading calendar and the benchmark's bars disagree
/// (a trading day without a bar, or a bar on a closed day). Exit 0 when they agree, 1 when not.
/// </summary>
internal sealed class CalendarCheckCommand : AsyncCommand<CalendarCheckSettings>
{
    private readonly SfDatabase _database;
    private readonly AggregationService _aggregation;
    private readonly IAnsiConsole _console;

    public CalendarCheckCommand(SfDatabase database, AggregationService aggregation, IAnsiConsole console)
    {
        _database = database;
        _aggregation = aggregation;
        _console = console;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, CalendarCheckSettings settings, CancellationToken cancellationToken)
    {
        var dataSource = await _database.OpenAsync(cancellationToken);
        var (symbol, bars) = await _aggregation.BarDaysAsync(dataSource, settings.Symbol, cancellationToken);

        var from = settings.FromDay ?? bars[0];
        var to = settings.ToDay ?? bars[^1];
        var found = CalendarDisagreement.Find(NasdaqCalendar.Instance, bars, from, to);
        var compared = bars.Count(d => d >= from && d <= to);
        if (found.Count == 0)
        {
            _console.WriteLine(
                $"calendar check: {symbol} {from:yyyy-MM-dd}..{to:yyyy-MM-dd}: {compared} bars, no disagreement.");
            return 0;
        }

        var table = new Table().AddColumns("day", "weekday", "calendar", "bars");
        foreach (var d in found)
        {
            table.AddRow(
                d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                d.Day.DayOfWeek.ToString(),
                Markup.Escape(d.CalendarSaysOpen ? "open" : $"closed ({d.ClosedFor})"),
                d.HasBar ? "bar" : "no bar");
        }

        _console.Write(table);
        _console.WriteLine(
            $"calendar check: {symbol} {from:yyyy-MM-dd}..{to:yyyy-MM-dd}: {compared} bars, {found.Count} disagreements.");
        return 1;
    }
}
