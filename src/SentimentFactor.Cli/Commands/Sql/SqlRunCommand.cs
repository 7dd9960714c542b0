using SentimentFactor.Aggregation;
using SentimentFactor.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Sql;

/// <summary>`sf sql run NAME [--param k=v] [--csv]`: runs one query of the library and prints its rows.</summary>
internal sealed class SqlRunCommand : AsyncCommand<SqlRunSettings>
{
    private readonly SfDatabase _database;
    private readonly AggregationService _aggregation;
    private readonly IAnsiConsole _console;

    public SqlRunCommand(SfDatabase database, AggregationService aggregation, IAnsiConsole console)
    {
        _database = database;
        _aggregation = aggregation;
        _console = console;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, SqlRunSettings settings, CancellationToken cancellationToken)
    {
        var dataSource = await _database.OpenAsync(cancellationToken);
        var result = await _aggregation.RunQueryAsync(dataSource, settings.Name, settings.ParameterValues(), cancellationToken);
        if (settings.Csv)
        {
            // Raw writer: Spectre's text rendering would wrap long lines at the console width.
            var writer = _console.Profile.Out.Writer;
            await writer.WriteLineAsync(CsvLine(result.Columns));
            foreach (var row in result.Rows)
            {
                await writer.WriteLineAsync(CsvLine(row));
            }

            await writer.FlushAsync(cancellationToken);

            return 0;
        }

        var table = new Table();
        foreach (var column in result.Columns)
        {
            table.AddColumn(Markup.Escape(column));
        }

        foreach (var row in result.Rows)
        {
            table.AddRow(row.Select(cell => Markup.Escape(cell ?? "")).ToArray());
        }

        _console.Write(table);
        _console.WriteLine($"{result.Rows.Count} rows");
        return 0;
    }

    // RFC 4180: quote a cell holding a comma, quote or line break; SQL NULL is an empty cell.
    private static string CsvLine(IEnumerable<string?> cells) => string.Join(',', cells.Select(cell =>
    {
        var text = cell ?? "";
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }));
}
