using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.Options;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Modeling;
using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Onnx;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Model;

/// <summary>`sf model convert`: Megatron-BERT / BERT safetensors checkpoint to an ONNX classifier folder.</summary>
internal sealed class ModelConvertCommand(CheckpointConverter converter, IOptions<ModelingOptions> options, IAnsiConsole console)
    : AsyncCommand<ModelConvertCommand.Settings>
{
    internal sealed class Settings : SfSettings
    {
        [CommandArgument(0, "<CHECKPOINT_DIR>")]
        [Description("Hugging Face checkpoint folder: config.json, model.safetensors (or shards + index), vocab.txt.")]
        public string Checkpoint { get; init; } = string.Empty;

        [CommandOption("--out <DIR>")]
        [Description("Output folder: model.onnx, config.json, vocab.txt.")]
        public string? Out { get; init; }

        [CommandOption("--fp16")]
        [Description("Float16 weights and compute (LayerNorm and softmax stay float32-safe).")]
        public bool Fp16 { get; init; }

        [CommandOption("--opset <N>")]
        [Description("ai.onnx opset, 14 to 21 (default Modeling:Opset).")]
        public int? Opset { get; init; }

        [CommandOption("--plain")]
        [Description("Standard ONNX operators only (no com.microsoft fused operators).")]
        public bool Plain { get; init; }

        [CommandOption("--force")]
        [Description("Replace a non-empty output folder.")]
        public bool Force { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out <DIR> is required.") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var modeling = options.Value;
        var conversion = new CheckpointConversionOptions
        {
            Export = new OnnxExportOptions
            {
                Variant = settings.Plain ? OnnxGraphVariant.Plain : OnnxGraphVariant.Fused,
                Fp16 = settings.Fp16,
                Opset = settings.Opset ?? modeling.Opset,
            },
            Overwrite = settings.Force,
            ExternalDataThresholdBytes = modeling.ExternalDataThresholdBytes,
            MaxSequenceLength = modeling.MaxSequenceLength,
        };
        var result = await converter.ConvertAsync(settings.Checkpoint, settings.Out!, conversion, cancellationToken);
        var config = result.Config;
        var table = new Table().AddColumns("", "");
        table.HideHeaders();
        table.AddRow("output", Markup.Escape(result.OutputDirectory));
        table.AddRow("architecture", $"{config.Architecture.ToModelType()}: {config.NumHiddenLayers} layers, hidden {config.HiddenSize}, {config.NumAttentionHeads} heads");
        table.AddRow("parameters", result.ParameterCount.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("graph", $"{conversion.Export.Variant.ToString().ToLowerInvariant()}, opset {conversion.Export.Opset}, fp16 {(conversion.Export.Fp16 ? "yes" : "no")}, {result.NodeCount} nodes");
        table.AddRow("external data", result.ExternalData ? "model.onnx.data" : "no");
        table.AddRow("labels", Markup.Escape(string.Join(", ", config.Labels)));
        table.AddRow("took", $"{result.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s");
        console.Write(table);
        return 0;
    }
}
