using System.ComponentModel;
using SentimentFactor.Cli.Commands.Generate;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Demo;

/// <summary>Arguments of `sf demo`.</summary>
internal sealed class DemoSettings : SyntheticWorldSettings
{
    [CommandOption("--database <NAME>")]
    [Description("The demo's database (dropped and recreated). Default: Demo:Database (sentimentfactor_demo).")]
    public string? Database { get; init; }

    [CommandOption("--dir <DIR>")]
    [Description("Folder for the data and the report. Default: Demo:Directory (.sf/demo).")]
    public string? Directory { get; init; }

    [CommandOption("--device <DEVICE>")]
    [Description("auto, cuda or cpu. Default: Scoring:Device.")]
    public string? Device { get; init; }
}
