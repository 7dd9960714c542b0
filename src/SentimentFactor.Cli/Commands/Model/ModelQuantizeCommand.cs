using System.ComponentModel;
using System.Globalization;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Modeling.Onnx;
using SentimentFactor.Modeling.Quantization;
using SentimentFactor.Scoring.DefaultModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Model;

/// <summary>`sf model quantize MODEL_DIR --out DIR`: a float32 classifier folder to a dynamic-int8 one (docs/model.md).</summary>
internal sealed class ModelQuantizeCommand(IAnsiConsole console) : AsyncCommand<ModelQuantizeCommand.Settings>
{
    internal sealed class Settings : SfSettings
    {
        [CommandArgument(0, "<MODEL_DIR>")]
        [Description("Float32 model folder: model.onnx, config.json, vocab.txt or tokenizer.json.")]
        public string ModelDirectory { get; init; } = "";

        [CommandOption("--out <DIR>")]
        [Description("Output folder: the int8 model.onnx, config.json (precision int8) and the vocabulary.")]
        public string? Out { get; init; }

        [CommandOption("--keep-fp32 <PREFIX>")]
        [Description("Keep MatMul or Attention nodes whose name starts with PREFIX in float32 (repeatable), e.g. a classifier head.")]
        public string[] KeepFloat { get; init; } = [];

        [CommandOption("--form <FORM>")]
        [Description("matmulinteger (default: DynamicQuantizeLinear + MatMulInteger), matmulintegertofloat, or dynamicquantizematmul.")]
        public string Form { get; init; } = "matmulinteger";

        [CommandOption("--no-calibration")]
        [Description("Skip the calibration run that keeps MatMuls with outlier inputs in float32: quantise every MatMul.")]
        public bool NoCalibration { get; init; }

        [CommandOption("--force")]
        [Description("Replace a non-empty output folder.")]
        public bool Force { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out <DIR> is required.")
            : !Enum.TryParse<QuantizedMatMulForm>(Form, ignoreCase: true, out _)
                ? ValidationResult.Error($"--form must be matmulinteger, matmulintegertofloat or dynamicquantizematmul, was '{Form}'.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = new ModelQuantizationOptions
        {
            Form = Enum.Parse<QuantizedMatMulForm>(settings.Form, ignoreCase: true),
            KeepFloatPrefixes = settings.KeepFloat,
            // Cli composes: the scoring stage's tokenizer turns generated posts into the calibration batches.
            CalibrationBatches = settings.NoCalibration ? [] : Int8Models.CalibrationBatches(settings.ModelDirectory),
            Overwrite = settings.Force,
        };
        var result = await ModelQuantizer.QuantizeAsync(settings.ModelDirectory, settings.Out!, options, cancellationToken);
        var table = new Table().AddColumns("", "");
        table.HideHeaders();
        table.AddRow("output", Markup.Escape(result.OutputDirectory));
        table.AddRow("int8 MatMuls", result.QuantizedMatMuls.ToString(CultureInfo.InvariantCulture)
            + (result.QuantizedAttentions > 0 ? $" ({result.QuantizedAttentions} of them fused Attention, now QAttention)" : ""));
        table.AddRow("kept float32", result.KeptFloatMatMuls.ToString(CultureInfo.InvariantCulture)
            + (result.OutlierNodes.Count > 0 ? $" (input outliers: {Markup.Escape(string.Join(", ", result.OutlierNodes))})" : ""));
        table.AddRow("form", options.Form.ToString());
        table.AddRow("weights", $"{result.WeightBytesBefore / 1e6:F1} MB -> {result.WeightBytesAfter / 1e6:F1} MB");
        table.AddRow("model.onnx", $"{result.ModelBytesBefore / 1e6:F1} MB -> {result.ModelBytesAfter / 1e6:F1} MB");
        table.AddRow("took", $"{result.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s");
        console.Write(table);
        return 0;
    }
}
