using System.ComponentModel;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Infrastructure;

/// <summary>Options every command accepts.</summary>
internal class SfSettings : CommandSettings
{
    [CommandOption("-v|--verbose")]
    [Description("Debug logging, and a stack trace with any error.")]
    public bool Verbose { get; init; }
}
