using System.Reflection;
using Microsoft.Extensions.Options;
using SentimentFactor.Core;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Infrastructure;

/// <summary>Turns any failure into one clear line on stderr and an exit code (0 ok, 1 failed, 2 bad usage, 130 cancelled).</summary>
internal static class ErrorReporter
{
    public const int Failed = 1;
    public const int BadUsage = 2;
    public const int Cancelled = 130;

    public static int Report(Exception exception, bool verbose, TextWriter error, bool cancellationRequested)
    {
        var ex = Unwrap(exception);
        var code = ex switch
        {
            OperationCanceledException when cancellationRequested => WriteLine(error, "sf: cancelled.", Cancelled),
            CommandAppException => WriteLine(error, $"error: {ex.Message} Run 'sf --help' (or 'sf <command> --help') for usage.", BadUsage),
            OptionsValidationException validation => WriteLines(error, validation.Failures.Select(f => $"error: invalid configuration: {f}"), Failed),
            SentimentFactorException => WriteLine(error, $"error: {ex.Message}", Failed),
            _ => WriteLine(error, $"error: {ex.Message} ({ex.GetType().Name}; run with --verbose for details)", Failed),
        };
        if (verbose)
        {
            error.WriteLine(ex.ToString());
        }

        return code;
    }

    private static Exception Unwrap(Exception exception)
    {
        var current = exception;
        while (current is TargetInvocationException or AggregateException && current.InnerException is not null)
        {
            current = current.InnerException;
        }

        return current;
    }

    private static int WriteLine(TextWriter error, string line, int code)
    {
        error.WriteLine(line);
        return code;
    }

    private static int WriteLines(TextWriter error, IEnumerable<string> lines, int code)
    {
        foreach (var line in lines)
        {
            error.WriteLine(line);
        }

        return code;
    }
}
