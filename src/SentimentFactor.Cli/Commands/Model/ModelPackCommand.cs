using System.ComponentModel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Scoring;
using SentimentFactor.Scoring.DefaultModel;
using SentimentFactor.Scoring.Inference;
using Spectre.Console;
using Spectre.Console.Cli;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Cli.Commands.Model;

/// <summary>`sf model pack`: the shipped form of a fine-tuned MiniLM (what differs from the package: int8 row deltas + float16) + its manifest.</summary>
internal sealed class ModelPackCommand(IAnsiConsole console, IOptions<ScoringOptions> options, ILogger<ModelPackCommand> logger)
    : AsyncCommand<ModelPackCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var manifest = await DefaultModelPacker.PackAsync(settings.From, settings.Out,
            ScoringRuntimeOptions.From(options.Value, ExecutionDevice.Cpu), logger, cancellationToken);
        var delta = manifest["delta"]!;
        console.Profile.Out.Writer.WriteLine(
            $"model pack: tensors={delta["tensors"]} parameters={delta["parameters"]} bytes={delta["bytes"]} model_id={manifest["model_id"]!.GetValue<string>()[..12]} out={Path.GetFullPath(settings.Out)}");
        return 0;
    }

    internal sealed class Settings : SfSettings
    {
        [CommandOption("--from <DIR>")]
        [Description("A folder written by sf model finetune --base minilm (or sf model average of such folders).")]
        public string From { get; init; } = "";

        [CommandOption("-o|--out <DIR>")]
        [Description("Where finetuned.safetensors and training.json go (models/default for the default model).")]
        [DefaultValue("models/default")]
        public string Out { get; init; } = "models/default";

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(From) ? ValidationResult.Error("--from <DIR> is required.") : ValidationResult.Success();
    }
}
