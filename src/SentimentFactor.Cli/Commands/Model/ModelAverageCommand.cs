using System.ComponentModel;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Scoring.FineTuning;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Model;

/// <summary>`sf model average`: one model whose weights are the mean of several fine-tunes of one base (docs/model.md).</summary>
internal sealed class ModelAverageCommand(IAnsiConsole console) : AsyncCommand<ModelAverageCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await FineTunedAverage.WriteAsync(settings.From, settings.Out, settings.Force, cancellationToken);
        console.Profile.Out.Writer.WriteLine($"model average: models={settings.From.Length} out={Path.GetFullPath(settings.Out)}");
        return 0;
    }

    internal sealed class Settings : SfSettings
    {
        [CommandOption("--from <DIR>")]
        [Description("A folder written by sf model finetune; give it once per model (at least two, same base and pooling).")]
        public string[] From { get; init; } = [];

        [CommandOption("-o|--out <DIR>")]
        [Description("Output folder: HF checkpoint + model.onnx + training.json (which lists the sources).")]
        public string Out { get; init; } = "";

        [CommandOption("--force")]
        [Description("Replace a non-empty output folder")]
        public bool Force { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out <DIR> is required.")
            : From.Length < 2 ? ValidationResult.Error("Give --from DIR at least twice.")
            : ValidationResult.Success();
    }
}
