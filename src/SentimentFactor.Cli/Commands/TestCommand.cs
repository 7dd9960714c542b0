using System.ComponentModel;
using System.Diagnostics;
using System.Xml.Linq;
using Microsoft.Extensions.Hosting;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands;

/// <summary>
/// `sf test`: starts the database, runs `dotnet test` over the solution with a TRX logger, and ends with the
/// line CI reads: `tests: N passed, N failed, N skipped`.
/// </summary>
internal sealed class TestCommand(SfDatabase database, IHostEnvironment environment, IAnsiConsole console) : AsyncCommand<TestCommand.Settings>
{
    /// <summary>Variable the test fixtures read: an admin connection to the server they make databases on.</summary>
    public const string TestDatabaseVariable = "SF_TEST_DB";

    internal sealed class Settings : SfSettings
    {
        [CommandOption("--filter <EXPRESSION>")]
        [Description("Only tests matching this dotnet test filter (e.g. FullyQualifiedName~Storage).")]
        public string? Filter { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var root = environment.ContentRootPath;
        console.MarkupLine("[grey]sf test: starting the database for the integration tests…[/]");
        var target = await database.ResolveAsync(cancellationToken);
        var admin = target.IsManaged ? target.WithDatabase("postgres") : target;

        var results = Path.Combine(root, ".sf", "test-results", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(results);
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = root };
        foreach (var argument in new[] { "test", Path.Combine(root, "SentimentFactor.sln"), "-c", "Release", "--nologo", "--logger", "trx", "--results-directory", results })
        {
            start.ArgumentList.Add(argument);
        }

        if (settings.Filter is { Length: > 0 } filter)
        {
            start.ArgumentList.Add("--filter");
            start.ArgumentList.Add(filter);
        }

        start.Environment[TestDatabaseVariable] = admin.Connection.ConnectionString;
        console.MarkupLineInterpolated($"[grey]sf test: dotnet test SentimentFactor.sln (database {target.Display}, results in {results})[/]");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet test did not start.");
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var summary = TestSummary.Read(results);
        foreach (var failure in summary.Failures)
        {
            console.MarkupLineInterpolated($"[red]FAILED[/] {failure}");
        }

        if (process.ExitCode != 0 && summary.Failed == 0)
        {
            console.MarkupLineInterpolated($"[red]dotnet test exited with {process.ExitCode} without a failed test: a build error or a crashed test host (see above).[/]");
        }

        // Written without markup so the line is exactly what CI looks for.
        console.Profile.Out.Writer.WriteLine($"tests: {summary.Passed} passed, {summary.Failed} failed, {summary.Skipped} skipped");
        return process.ExitCode == 0 && summary.Failed == 0 ? 0 : ErrorReporter.Failed;
    }

    /// <summary>Counts over every TRX file of one run.</summary>
    private sealed record TestSummary(int Passed, int Failed, int Skipped, IReadOnlyList<string> Failures)
    {
        private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

        public static TestSummary Read(string directory)
        {
            int passed = 0, failed = 0, skipped = 0;
            var failures = new List<string>();
            foreach (var file in Directory.EnumerateFiles(directory, "*.trx", SearchOption.AllDirectories))
            {
                var document = XDocument.Load(file);
                foreach (var result in document.Descendants(Trx + "UnitTestResult"))
                {
                    switch ((string?)result.Attribute("outcome"))
                    {
                        case "Passed":
                            passed++;
                            break;
                        case "NotExecuted":
                            skipped++;
                            break;
                        default:
                            failed++;
                            failures.Add((string?)result.Attribute("testName") ?? "?");
                            break;
                    }
                }
            }

            return new TestSummary(passed, failed, skipped, failures);
        }
    }
}
