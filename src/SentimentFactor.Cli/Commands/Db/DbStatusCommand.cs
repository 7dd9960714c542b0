using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Storage;
using SentimentFactor.Storage.Migrations;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Db;

/// <summary>`sf db status`: where the database is, whether it runs, its version, migrations and row counts.</summary>
internal sealed class DbStatusCommand(SfDatabase database, IAnsiConsole console) : AsyncCommand<SfSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SfSettings settings, CancellationToken cancellationToken)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        if (!database.IsExternal)
        {
            var info = await database.Cluster.DescribeAsync(cancellationToken);
            grid.AddRow("Server", "managed local cluster (no SF_DB set)");
            grid.AddRow("Folder", Markup.Escape(info.Directory));
            if (!info.Running)
            {
                grid.AddRow("State", info.Exists ? "[yellow]stopped[/]" : "[yellow]not created yet[/]");
                console.Write(grid);
                console.MarkupLine("Run [bold]sf db start[/] to start it (any command that needs the database also does).");
                return 0;
            }

            grid.AddRow("State", "[green]running[/]");
        }
        else
        {
            grid.AddRow("Server", $"external ({SfDatabase.ExternalOrigin})");
        }

        var target = await database.ResolveAsync(cancellationToken);
        grid.AddRow("Address", Markup.Escape(target.Display));
        var dataSource = await database.OpenUnmigratedAsync(cancellationToken);
        var known = Migration.LoadEmbedded();
        var status = await DatabaseStatus.ReadAsync(dataSource, known, cancellationToken);
        grid.AddRow("Version", $"PostgreSQL {Markup.Escape(status.ServerVersion)}");
        var pending = status.Pending.Count == 0 ? "" : $", [yellow]{status.Pending.Count} pending[/] ({Markup.Escape(string.Join(", ", status.Pending.Select(p => p.FileName)))}; run sf db migrate)";
        grid.AddRow("Migrations", $"{status.Applied.Count} applied of {known.Count}{pending}");
        if (status.Applied.Count > 0)
        {
            grid.AddRow("Last applied", Markup.Escape($"{status.Applied[^1].Name} at {status.Applied[^1].AppliedAt:yyyy-MM-dd HH:mm:ss} UTC"));
        }

        console.Write(grid);
        if (status.Tables.Count > 0)
        {
            var table = new Table().AddColumn("table").AddColumn(new TableColumn("rows").RightAligned());
            foreach (var row in status.Tables)
            {
                table.AddRow($"sf.{row.Table}", row.Rows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
            }

            console.Write(table);
        }

        return 0;
    }
}
