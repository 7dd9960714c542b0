using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using SentimentFactor.Storage;
using SentimentFactor.Testing;
using Xunit;

namespace SentimentFactor.EndToEnd.Tests;

/// <summary>
/// `sf demo` on a small synthetic world in its own database, rerun for the same numbers, a second model (a random
/// Megatron-BERT converted by `sf model convert`) scored beside the default one, then every notebook in notebooks/
/// executed headless against that database: a failing cell fails the test.
/// </summary>
public sealed partial class DemoTests : IAsyncLifetime
{
    private readonly string _database = "sf_test_demo_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sf-demo-test-" + Guid.NewGuid().ToString("N")[..8]);
    private DatabaseTarget _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.GetAdminAsync();

    public async Task DisposeAsync()
    {
        await DatabaseProvisioner.DropAsync(_server, _database, CancellationToken.None);
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Demo_recovers_the_planted_effect_reruns_identically_and_every_notebook_runs_on_its_database()
    {
        var onServer = new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = _server.Connection.ConnectionString };
        string[] demo =
        [
            "demo", "--days", "90", "--posts-per-day", "12", "--effect", "0.01", "--database", _database, "--dir", _directory,
            "--symbols", "6", "--symbol-days", "60", "--posts-per-symbol-day", "3",
        ];

        var first = await SfRunner.RunAsync(onServer, demo);
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        Assert.Contains("synthetic", first.Output, StringComparison.Ordinal);
        Assert.Contains("planted effect recovered", first.Output, StringComparison.Ordinal);
        Assert.Contains("demo: posts=1080 rejected=3 days=90", first.Output, StringComparison.Ordinal);
        // Scoring:Precision auto: on CPU the default model's int8 build scores, and the model line says so.
        Assert.Matches("CPUExecutionProvider, int8|CUDAExecutionProvider, fp32", first.Output);
        Assert.True(File.Exists(Path.Combine(_directory, "data", "truth.json")));
        Assert.True(File.Exists(Path.Combine(_directory, "reports", "1", "report.md")));
        Assert.Contains("demo cross-section: symbols=6 days=", first.Output, StringComparison.Ordinal);
        Assert.Contains("planted cross-sectional effect recovered", first.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_directory, "reports", "cs-1", "ic_decay.png")));

        var second = await SfRunner.RunAsync(onServer, demo);
        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        Assert.Equal(Estimate(first.Output), Estimate(second.Output));

        var onDemo = new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = _server.WithDatabase(_database).Connection.ConnectionString };
        var checkpoint = Path.Combine(_directory, "megatron-checkpoint");
        var converted = Path.Combine(_directory, "megatron-onnx");
        await Succeeds(null, "model", "init", "--arch", "megatron-bert", "--layers", "2", "--hidden", "32", "--heads", "2", "--labels", "negative,neutral,positive", "--seed", "5", "--out", checkpoint);
        await Succeeds(null, "model", "convert", checkpoint, "--out", converted);
        await Succeeds(onDemo, "score", "--model", converted, "--device", "cpu");
        await Succeeds(onDemo, "aggregate");

        await RunToolAsync("dotnet", ["tool", "restore"], new Dictionary<string, string>());
        var notebooks = Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "notebooks"), "*.dib").Order().ToList();
        Assert.NotEmpty(notebooks);
        // The notebooks reference the package ./sf packed (SfRunner built through ./sf); .NET Interactive takes no
        // relative #i source, so the feed comes the way README "Notebooks" gives it: an MSBuild property from the environment.
        var feed = Path.Combine(TestPaths.RepositoryRoot, ".sf", "feed");
        Assert.True(
            Directory.GetFiles(feed, "SentimentFactor.Research.*.nupkg").Length == 1,
            $"expected one SentimentFactor.Research package in {feed}: run ./sf (it packs them when it builds)");
        var environment = new Dictionary<string, string>
        {
            ["RestoreAdditionalProjectSources"] = feed,
            ["SF_NOTEBOOK_DB"] = _server.WithDatabase(_database).Connection.ConnectionString,
            ["SF_NOTEBOOK_OUT"] = Path.Combine(_directory, "plots"),
        };
        foreach (var notebook in notebooks)
        {
            var executed = Path.Combine(_directory, Path.GetFileNameWithoutExtension(notebook) + ".ipynb");
            var (code, output) = await RunToolAsync(
                "dotnet", ["tool", "run", "dotnet-repl", "--", "--run", notebook, "--exit-after-run", "--output-format", "ipynb", "--output-path", executed], environment);
            var cells = File.Exists(executed) ? CellOutputs(executed) : "(no executed notebook written)";
            Assert.True(code == 0, $"{Path.GetFileName(notebook)} exited {code}:\n{output}\n{cells}");
            if (notebook.EndsWith("03-compare-models.dib", StringComparison.Ordinal))
            {
                Assert.Contains("daily bullishness correlation", cells, StringComparison.Ordinal);
            }

            if (notebook.EndsWith("04-cross-section.dib", StringComparison.Ordinal))
            {
                Assert.Contains("C# vs sf.daily_ic:", cells, StringComparison.Ordinal);
            }
        }

        Assert.True(File.Exists(Path.Combine(_directory, "plots", "factor-and-benchmark.png")));
        Assert.True(File.Exists(Path.Combine(_directory, "plots", "models-compared.png")));
        Assert.True(File.Exists(Path.Combine(_directory, "plots", "cross-section-long-short.png")));
    }

    private static string Estimate(string output) => EstimateLine().Match(output).Value is { Length: > 0 } line ? line : "(no estimate line)\n" + output;

    private static async Task Succeeds(IReadOnlyDictionary<string, string?>? settings, params string[] args)
    {
        var result = await SfRunner.RunAsync(settings, args);
        Assert.True(result.ExitCode == 0, $"sf {string.Join(' ', args)} exited {result.ExitCode}:\n{result.Output}\n{result.Error}");
    }

    private static async Task<(int Code, string Output)> RunToolAsync(string file, string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = TestPaths.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    // Every cell's text and error output of an executed notebook, for assertions and failure messages.
    private static string CellOutputs(string ipynb)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ipynb));
        var lines = new List<string>();
        foreach (var cell in document.RootElement.GetProperty("cells").EnumerateArray())
        {
            if (!cell.TryGetProperty("outputs", out var outputs))
            {
                continue;
            }

            foreach (var output in outputs.EnumerateArray())
            {
                if (output.TryGetProperty("text", out var text))
                {
                    lines.AddRange(text.EnumerateArray().Select(t => t.GetString() ?? ""));
                }

                if (output.TryGetProperty("evalue", out var error))
                {
                    lines.Add("ERROR: " + error.GetString());
                }
            }
        }

        return string.Join("", lines);
    }

    [GeneratedRegex(@"Estimated: .*", RegexOptions.Multiline)]
    private static partial Regex EstimateLine();
}
