using SentimentFactor.Testing;
using Xunit;

namespace SentimentFactor.EndToEnd.Tests;

public sealed class CliTests(PostgresFixture database) : IClassFixture<PostgresFixture>
{
    private Dictionary<string, string?> External => new() { ["ConnectionStrings:Postgres"] = database.ConnectionString };

    [Fact]
    public async Task Help_lists_every_command_with_a_description()
    {
        var result = await SfRunner.RunAsync(null, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("db", result.Output, StringComparison.Ordinal);
        Assert.Contains("Run every test", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_command_has_its_own_help()
    {
        var result = await SfRunner.RunAsync(null, "db", "status", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--verbose", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_command_and_branch_renders_its_help()
    {
        // Walks the tree from the root help: a description with markup-like text ("[CLS]") once made one help page throw.
        var pending = new Queue<string[]>([[]]);
        var seen = 0;
        while (pending.TryDequeue(out var path))
        {
            var result = await SfRunner.RunAsync(null, [.. path, "--help"]);
            Assert.True(result.ExitCode == 0, $"sf {string.Join(' ', path)} --help: exit {result.ExitCode}, {result.Error}");
            Assert.Contains("--help", result.Output, StringComparison.Ordinal);
            seen++;
            var commands = result.Output.Split('\n').SkipWhile(l => !l.StartsWith("COMMANDS:", StringComparison.Ordinal)).Skip(1);
            foreach (var line in commands.TakeWhile(l => l.Trim().Length > 0))
            {
                var match = System.Text.RegularExpressions.Regex.Match(line, @"^ {4}([a-z][a-z0-9-]*)\b");
                if (match.Success && match.Groups[1].Value != "help")
                {
                    pending.Enqueue([.. path, match.Groups[1].Value]);
                }
            }
        }

        Assert.True(seen > 40, $"only {seen} help pages found");
    }

    [Fact]
    public async Task Unknown_command_is_bad_usage_with_one_line_and_exit_code_2()
    {
        var result = await SfRunner.RunAsync(null, "frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Status_of_an_external_server_shows_version_migrations_and_row_counts()
    {
        var result = await SfRunner.RunAsync(External, "db", "status");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("external", result.Output, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL 1", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"Migrations\s+\d+ applied of \d+", result.Output);
        Assert.Contains("sf.posts", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Url_prints_a_uri_that_leads_back_to_the_same_database()
    {
        var result = await SfRunner.RunAsync(External, "db", "url");

        Assert.Equal(0, result.ExitCode);
        var uri = result.Output.Trim();
        Assert.StartsWith("postgresql://", uri, StringComparison.Ordinal);
        Assert.EndsWith("/" + database.Target.Connection.Database, uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_refuses_to_touch_an_external_server()
    {
        var result = await SfRunner.RunAsync(External, "db", "stop");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("external server", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_setting_fails_at_start_naming_the_key()
    {
        var settings = new Dictionary<string, string?> { ["Database:Port"] = "-4" };

        var result = await SfRunner.RunAsync(settings, "db", "status");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Database:Port", result.Error, StringComparison.Ordinal);
        Assert.Contains("-4", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_connection_string_gets_one_line_saying_what_to_use()
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = "postgresql://u@h/db?sslmode=maybe" };

        var result = await SfRunner.RunAsync(settings, "db", "status");

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Contains("not a valid PostgreSQL connection string", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_named_without_its_password()
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = "postgresql://u:hunter2@127.0.0.1:1/nowhere?connect_timeout=2" };

        var result = await SfRunner.RunAsync(settings, "db", "status");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Cannot reach PostgreSQL at 127.0.0.1:1/nowhere", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbose_adds_the_stack_trace()
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = "postgresql://u@h/db?sslmode=maybe" };

        var result = await SfRunner.RunAsync(settings, "db", "status", "--verbose");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_on_a_current_schema_says_so()
    {
        var result = await SfRunner.RunAsync(External, "db", "migrate");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("is current", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_bars_loads_a_folder_of_per_symbol_files_each_under_its_file_name()
    {
        var folder = Directory.CreateTempSubdirectory("sf-bars-").FullName;
        try
        {
            foreach (var (file, close) in new[] { ("AAPL.csv", 190.0), ("msft.us.txt", 410.0), ("NVDA.csv", 120.0) })
            {
                await File.WriteAllTextAsync(Path.Combine(folder, file), FormattableString.Invariant($"""
                    Date,Open,High,Low,Close,Volume
                    2024-03-04,{close},{close},{close},{close},100
                    2024-03-05,{close},{close},{close},{close + 1},100
                    """));
            }

            await File.WriteAllTextAsync(Path.Combine(folder, "notes.md"), "not a bars file");
            var result = await SfRunner.RunAsync(External, "ingest", "bars", folder);

            Assert.True(result.ExitCode == 0, result.Output + result.Error);
            Assert.Contains("ingest bars: 3 files, 3 symbols", result.Output, StringComparison.Ordinal);
            await using var count = database.DataSource.CreateCommand(
                "SELECT string_agg(symbol || ':' || n, ',' ORDER BY symbol) FROM (SELECT symbol, count(*) AS n FROM sf.market_bars WHERE symbol IN ('AAPL', 'MSFT', 'NVDA') GROUP BY symbol) s");
            Assert.Equal("AAPL:2,MSFT:2,NVDA:2", await count.ExecuteScalarAsync());

            var oneSymbol = await SfRunner.RunAsync(External, "ingest", "bars", folder, "--symbol", "AAPL");
            Assert.Equal(1, oneSymbol.ExitCode);
            Assert.Contains("Leave --symbol out", oneSymbol.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
