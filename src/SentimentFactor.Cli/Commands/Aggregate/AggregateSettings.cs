using System.ComponentModel;
using SentimentFactor.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Aggregate;

/// <summary>Options of `sf aggregate`.</summary>
internal sealed class AggregateSettings : SfSettings
{
    [CommandOption("--from <DAY>")]
    [Description("First day to recompute (yyyy-MM-dd). Default: the trading day of the model's first scored post.")]
    public string? From { get; init; }

    [CommandOption("--to <DAY>")]
    [Description("Last day to recompute (yyyy-MM-dd). Default: the trading day of the model's last scored post.")]
    public string? To { get; init; }

    [CommandOption("--model <MODEL_ID>")]
    [Description("Model id (sf.models.model_id). Default: every model with scores.")]
    public string? Model { get; init; }

    public DateOnly? FromDay => DayOption.TryParse(From, out var day) ? day : null;

    public DateOnly? ToDay => DayOption.TryParse(To, out var day) ? day : null;

    public override ValidationResult Validate()
    {
        if (!DayOption.TryParse(From, out _))
        {
            return ValidationResult.Error($"--from must be a date like 2024-03-28, was '{From}'.");
        }

        if (!DayOption.TryParse(To, out _))
        {
            return ValidationResult.Error($"--to must be a date like 2024-03-28, was '{To}'.");
        }

        return ValidationResult.Success();
    }
}
