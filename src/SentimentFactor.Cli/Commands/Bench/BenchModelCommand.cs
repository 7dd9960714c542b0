using System.ComponentModel;
using System.Globalization;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Modeling.Benchmarks;
using SentimentFactor.Modeling.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Bench;

/// <summary>
/// `sf bench model`: a random Megatron-BERT (BERT-base shape by default) converted to the plain and the fused graph,
/// the same posts scored with each; ends with `bench model: plain=&lt;posts/s&gt; fused=&lt;posts/s&gt; ratio=&lt;x&gt;`.
/// </summary>
internal sealed class BenchModelCommand(ModelBenchmark benchmark, IAnsiConsole console) : AsyncCommand<BenchModelCommand.Settings>
{
    internal sealed class Settings : SfSettings
    {
        [CommandOption("--posts <N>")]
        [Description("Posts scored by each graph.")]
        [DefaultValue(2000)]
        public int Posts { get; init; } = 2000;

        [CommandOption("--layers <L>")]
        [Description("Layers of the random Megatron-BERT (BERT-base: 12).")]
        [DefaultValue(12)]
        public int Layers { get; init; } = 12;

        [CommandOption("--hidden <H>")]
        [Description("Model width (BERT-base: 768).")]
        [DefaultValue(768)]
        public int Hidden { get; init; } = 768;

        [CommandOption("--heads <A>")]
        [Description("Attention heads (BERT-base: 12).")]
        [DefaultValue(12)]
        public int Heads { get; init; } = 12;

        [CommandOption("--batch-size <N>")]
        [Description("Posts per length-sorted batch.")]
        [DefaultValue(32)]
        public int BatchSize { get; init; } = 32;

        [CommandOption("--fp16")]
        [Description("Convert both graphs to float16.")]
        public bool Fp16 { get; init; }

        [CommandOption("--peak-tflops <T>")]
        [Description("The device's peak TFLOP/s (e.g. the card's FP16 tensor peak): prints the fraction each graph reaches.")]
        public double? PeakTflops { get; init; }

        [CommandOption("--device <DEVICE>")]
        [Description("auto (CUDA when usable), cpu or cuda.")]
        [DefaultValue("auto")]
        public string Device { get; init; } = "auto";

        public override ValidationResult Validate()
        {
            if (Posts < 1 || BatchSize < 1)
            {
                return ValidationResult.Error($"--posts and --batch-size must be positive (were {Posts}, {BatchSize}).");
            }

            if (Layers < 1 || Hidden < 1 || Heads < 1 || Hidden % Heads != 0)
            {
                return ValidationResult.Error($"--layers, --hidden, --heads must be positive and hidden a multiple of heads (were {Layers}, {Hidden}, {Heads}).");
            }

            return Device is "auto" or "cpu" or "cuda" ? ValidationResult.Success() : ValidationResult.Error($"--device must be auto, cpu or cuda, was '{Device}'.");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = new ModelBenchmarkOptions
        {
            Posts = settings.Posts,
            Layers = settings.Layers,
            Hidden = settings.Hidden,
            Heads = settings.Heads,
            BatchSize = settings.BatchSize,
            Fp16 = settings.Fp16,
            Device = settings.Device switch
            {
                "cpu" => ExecutionDevice.Cpu,
                "cuda" => ExecutionDevice.Cuda,
                _ => ExecutionDevice.Auto,
            },
        };
        var result = await benchmark.RunAsync(options, line => console.MarkupLine("[grey]{0}[/]", Markup.Escape(line)), cancellationToken);

        var table = new Table().AddColumns("graph", "nodes", "device", "posts/s", "tokens/s", "TFLOP/s", "convert s", "session s");
        foreach (var variant in new[] { result.Plain, result.Fused })
        {
            table.AddRow(variant.Variant, Format(variant.Nodes, "N0"), variant.Provider.Replace("ExecutionProvider", string.Empty, StringComparison.Ordinal), Format(variant.PostsPerSecond, "F1"),
                Format(variant.TokensPerSecond, "F0"), Format(variant.TeraFlopsPerSecond, "F3"), Format(variant.ConvertElapsed.TotalSeconds, "F1"), Format(variant.SessionElapsed.TotalSeconds, "F1"));
        }

        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"megatron-bert {settings.Layers}x{settings.Hidden}, {result.Parameters:N0} params, fp16 {(settings.Fp16 ? "yes" : "no")}, max logit diff {result.MaxLogitDifference:G3}"));
        if (settings.PeakTflops is > 0 and var peak)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"fraction of {peak:G4} TFLOP/s peak: plain {result.Plain.TeraFlopsPerSecond / peak:P2}, fused {result.Fused.TeraFlopsPerSecond / peak:P2}"));
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench model: plain={result.Plain.PostsPerSecond:F1} fused={result.Fused.PostsPerSecond:F1} ratio={result.Ratio:F2}"));
        return 0;
    }

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
