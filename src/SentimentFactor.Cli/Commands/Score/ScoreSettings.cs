using System.ComponentModel;
using System.Globalization;
using SentimentFactor.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Cli.Commands.Score;

/// <summary>Options of `sf score`.</summary>
internal sealed class ScoreSettings : SfSettings
{
    [CommandOption("-m|--model <PATH>")]
    [Description("Model directory (model.onnx, config.json, vocab.txt). Default: Scoring:ModelPath, else the built-in MiniLM model.")]
    public string? Model { get; init; }

    [CommandOption("--since <DATE>")]
    [Description("Only posts created at or after this instant (a date means 00:00 UTC), e.g. 2024-01-31.")]
    public string? Since { get; init; }

    [CommandOption("-d|--device <DEVICE>")]
    [Description("auto (CUDA when usable, else CPU), cuda, or cpu. Default: Scoring:Device.")]
    public string? Device { get; init; }

    public DateTimeOffset? SinceInstant => Since is null
        ? null
        : DateTimeOffset.Parse(Since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public override ValidationResult Validate()
    {
        if (Since is not null && !DateTimeOffset.TryParse(Since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            return ValidationResult.Error($"--since '{Since}' is not a date or date-time; use e.g. 2024-01-31 or 2024-01-31T14:30:00Z.");
        }

        if (Device is not null && !SentimentFactor.Scoring.Inference.ExecutionDeviceParser.TryParse(Device, out _))
        {
            return ValidationResult.Error($"--device '{Device}' is not one of auto, cuda, cpu.");
        }

        return ValidationResult.Success();
    }
}
