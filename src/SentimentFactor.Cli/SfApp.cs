using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using SentimentFactor.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli;

/// <summary>The `sf` program: parses the command line, runs one command, reports failures as one line.</summary>
public static class SfApp
{
    /// <summary>Runs `sf args`; returns the exit code. Tests pass their own console, error writer and settings.</summary>
    public static async Task<int> RunAsync(
        string[] args,
        IAnsiConsole? console = null,
        TextWriter? error = null,
        IReadOnlyDictionary<string, string?>? configurationOverrides = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var verbose = args.Contains("-v") || args.Contains("--verbose");
        error ??= Console.Error;
        if (console is null)
        {
            console = AnsiConsole.Console;
            // Piped output gets 80 columns; COLUMNS (as most CLIs honour it) widens tables for logs and docs.
            if (Console.IsOutputRedirected && int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns is >= 40 and <= 500)
            {
                console.Profile.Width = columns;
            }
        }
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnCancelKey(object? sender, ConsoleCancelEventArgs e)
        {
            // First Ctrl+C asks the running stage to stop cleanly; a second one ends the process.
            if (!cancellation.IsCancellationRequested)
            {
                e.Cancel = true;
                cancellation.Cancel();
            }
        }

        Console.CancelKeyPress += OnCancelKey;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancellation.Cancel();
        });
        try
        {
            var builder = SfHost.CreateBuilder(RepositoryRoot.Locate(), verbose, console, configurationOverrides);
            builder.Services.AddSingleton<ICommandInterceptor, OptionsValidationInterceptor>();
            var app = new CommandApp(new TypeRegistrar(builder.Services));
            app.Configure(config =>
            {
                config.SetApplicationName("sf");
                config.ConfigureConsole(console);
                config.PropagateExceptions();
                config.Settings.StrictParsing = true;
                CommandTree.Configure(config);
            });
            return await app.RunAsync(args, cancellation.Token);
        }
        catch (Exception ex)
        {
            return ErrorReporter.Report(ex, verbose, error, cancellation.IsCancellationRequested);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancelKey;
        }
    }
}
