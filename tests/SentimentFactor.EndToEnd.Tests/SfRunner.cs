using SentimentFactor.Cli;
using Spectre.Console.Testing;

namespace SentimentFactor.EndToEnd.Tests;

/// <summary>Runs `sf` in-process, as a user would type it, and captures stdout, stderr and the exit code.</summary>
internal static class SfRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string?>? settings, params string[] args)
    {
        var console = new TestConsole().Width(200);
        using var error = new StringWriter();
        var code = await SfApp.RunAsync(args, console, error, settings);
        return new Result(code, console.Output, error.ToString());
    }
}
