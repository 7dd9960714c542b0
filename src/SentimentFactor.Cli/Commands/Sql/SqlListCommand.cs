using SentimentFactor.Aggregation;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Sql;

/// <summary>`sf sql list`: the SQL factor library as installed (set-returning functions and views of schema sf).</summary>
internal sealed class SqlListCommand : AsyncCommand<SfSettings>
{
    private readonly SfDatabase _database;
    private readonly AggregationService _aggregation;
    private readonly IAnsiConsole _console;

    public SqlListCommand(SfDatabase database, AggregationService aggregation, IAnsiConsole console)
    {
        _database = database;
        _aggregation = aggregation;
        _console = console;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, SfSettings settings, CancellationToken cancellationToken)
    {
        var dataSource = await _database.OpenAsync(cancellationToken);
        var queries = await _aggregation.ListQueriesAsync(dataSource, cancellationToken);
        var table = new Table().AddColumns("name", "kind", "parameters", "description");
        foreach (var q in queries)
        {
            table.AddRow(Markup.Escape(q.Name), q.Kind, Markup.Escape(q.Arguments), Markup.Escape(q.Description));
        }

        _console.Write(table);
        return 0;
    }
}
