using System.ComponentModel;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Scoring;
using SentimentFactor.Scoring.Evaluation;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Models;
using SentimentFactor.Scoring.Training;
using Spectre.Console;
using Spectre.Console.Cli;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Cli.Commands.Model;

/// <summary>`sf model eval`: accuracy, macro-F1, per-class F1 and the confusion matrix of a model on labeled JSONL.</summary>
internal sealed class ModelEvalCommand(
    IAnsiConsole console, ScoringService scoring)
    : AsyncCommand<ModelEvalCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var device = settings.Device is null ? (ExecutionDevice?)null : ExecutionDeviceParser.Parse(settings.Device);
        var examples = await LabeledSet.ReadAsync(settings.Data, cancellationToken);
        using var classifier = await scoring.OpenClassifierAsync(settings.Model, device, cancellationToken);
        var report = await ModelEvaluator.EvaluateAsync(classifier, examples, cancellationToken);

        console.MarkupLineInterpolated($"Model [bold]{classifier.Name}[/] {classifier.ModelId[..12]} on {settings.Data}: {report.Total} examples");
        var perClass = new Table().AddColumns("class", "precision", "recall", "F1", "support");
        for (var k = 0; k < 3; k++)
        {
            perClass.AddRow(SentimentLabels.Names[k], report.Precision[k].ToString("F3"), report.Recall[k].ToString("F3"), report.F1[k].ToString("F3"), report.Support[k].ToString());
        }

        console.Write(perClass);
        var confusion = new Table().AddColumn("true \\ predicted");
        foreach (var name in SentimentLabels.Names)
        {
            confusion.AddColumn(name);
        }

        for (var t = 0; t < 3; t++)
        {
            confusion.AddRow(SentimentLabels.Names[t], report.Confusion[t, 0].ToString(), report.Confusion[t, 1].ToString(), report.Confusion[t, 2].ToString());
        }

        console.Write(confusion);
        console.Profile.Out.Writer.WriteLine($"model eval: n={report.Total} accuracy={report.Accuracy:F3} macro_f1={report.MacroF1:F3} ece={report.ExpectedCalibrationError:F4} f1_neg={report.F1[0]:F3} f1_neu={report.F1[1]:F3} f1_pos={report.F1[2]:F3}");
        return 0;
    }

    internal sealed class Settings : SfSettings
    {
        [CommandOption("--data <FILE>")]
        [Description("Labeled JSONL to evaluate on.")]
        public string Data { get; init; } = "";

        [CommandOption("-m|--model <DIR>")]
        [Description("Model directory. Default: Scoring:ModelPath, else the built-in MiniLM model.")]
        public string? Model { get; init; }

        [CommandOption("-d|--device <DEVICE>")]
        [Description("auto, cuda, or cpu.")]
        public string? Device { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Data) ? ValidationResult.Error("--data <FILE> is required.") : ValidationResult.Success();
    }
}
