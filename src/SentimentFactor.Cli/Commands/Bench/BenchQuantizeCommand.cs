using System.ComponentModel;
using System.Globalization;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Scoring;
using SentimentFactor.Scoring.Benchmarks;
using SentimentFactor.Scoring.DefaultModel;
using SentimentFactor.Scoring.Evaluation;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Training;
using Spectre.Console;
using Spectre.Console.Cli;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Cli.Commands.Bench;

/// <summary>
/// `sf bench quantize`: float32 vs the int8 build of a model (default: the default model) on CPU, both speeds in one
/// run on the same posts, and the macro-F1 change on the repository's labeled held-out posts (plus, with --data, on a
/// held-out split of another labeled file). Ends with the `bench quantize:` line.
/// </summary>
internal sealed class BenchQuantizeCommand(IAnsiConsole console, ScoringService scoring)
    : AsyncCommand<BenchQuantizeCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var output = console.Profile.Out.Writer;
        output.WriteLine("cpu: " + QuantizeBenchmark.CpuDescription());
        var (fp32Directory, isDefault) = await scoring.Models.ResolveFloatAsync(settings.Model, cancellationToken);
        var (int8Directory, quality) = settings.Int8 is { } given
            ? (Path.GetFullPath(given), await Int8Models.CompareAsync(
                fp32Directory, Path.GetFullPath(given), await LabeledSet.ReadAsync(ModelResolver.FindHead(Int8Models.ProbeData), cancellationToken), Int8Models.ProbeData, cancellationToken))
            : await scoring.Models.BuildInt8Async(fp32Directory, isDefault, cancellationToken);
        output.WriteLine($"int8 build: {int8Directory}");
        output.WriteLine($"quality on {quality.Source}: {quality.Describe()}");

        if (settings.Data is { } data)
        {
            var all = await LabeledSet.ReadAsync(data, cancellationToken);
            var (_, heldout) = HoldoutSplit.Split(all, settings.Holdout, settings.Seed);
            var examples = heldout.Select(i => all[i]).ToList();
            var real = await Int8Models.CompareAsync(fp32Directory, int8Directory, examples, $"{Path.GetFileName(data)} held-out {settings.Holdout:P0} seed {settings.Seed}", cancellationToken);
            output.WriteLine($"quality on {real.Source}: {real.Describe()}; f1_delta {real.MacroF1Delta:+0.0000;-0.0000}");
        }

        using var fp32 = scoring.OpenClassifier(fp32Directory, ExecutionDevice.Cpu);
        using var int8 = scoring.OpenClassifier(int8Directory, ExecutionDevice.Cpu);
        var posts = BenchPostGenerator.Generate(settings.Posts, fp32.Tokenizer);
        output.WriteLine($"{posts.Count} generated posts of real tweet lengths, turns of {QuantizeBenchmark.SliceSize}, load average {LoadAverage.Now()}");
        var (a, b) = await QuantizeBenchmark.RunAsync(fp32, int8, posts, cancellationToken);
        // "model s" against "total s": what tokenizing and batching add, the same code for both models.
        var table = new Table().AddColumns("model", "posts", "posts/s", "useful tok/s", "model s", "total s", "id");
        foreach (var (scenario, classifier) in new[] { (a, fp32), (b, int8) })
        {
            table.AddRow(scenario.Name, scenario.Stats.Texts.ToString(CultureInfo.InvariantCulture), scenario.PostsPerSecond.ToString("F1", CultureInfo.InvariantCulture),
                scenario.UsefulTokensPerSecond.ToString("F0", CultureInfo.InvariantCulture), scenario.Stats.ModelTime.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture),
                scenario.Stats.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture), classifier.ModelId[..12]);
        }

        console.Write(table);
        output.WriteLine($"load average at the end {LoadAverage.Now()}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench quantize: fp32={a.PostsPerSecond:F1} int8={b.PostsPerSecond:F1} ratio={b.PostsPerSecond / a.PostsPerSecond:F2} f1_delta={quality.MacroF1Delta:+0.0000;-0.0000}"));
        return 0;
    }

    internal sealed class Settings : SfSettings
    {
        [CommandOption("--posts <N>")]
        [Description("Generated posts (seeded, lengths drawn from real financial tweets).")]
        [DefaultValue(2_000)]
        public int Posts { get; init; } = 2_000;

        [CommandOption("-m|--model <DIR>")]
        [Description("Float32 model directory. Default: the built-in model.")]
        public string? Model { get; init; }

        [CommandOption("--int8 <DIR>")]
        [Description("An int8 model folder (sf model quantize output) to compare instead of the cached int8 build.")]
        public string? Int8 { get; init; }

        [CommandOption("--data <FILE>")]
        [Description("Also compare macro-F1 on a held-out split of this labeled JSONL (HoldoutSplit, as sf model train).")]
        public string? Data { get; init; }

        [CommandOption("--holdout <F>")]
        [Description("Held-out fraction of --data per class.")]
        [DefaultValue(0.2)]
        public double Holdout { get; init; } = 0.2;

        [CommandOption("--seed <N>")]
        [Description("Seed of the held-out split of --data.")]
        [DefaultValue(1)]
        public int Seed { get; init; } = 1;

        public override ValidationResult Validate() =>
            Posts < 1 ? ValidationResult.Error("--posts must be at least 1.")
            : Holdout is <= 0 or >= 1 ? ValidationResult.Error("--holdout must be between 0 and 1.")
            : ValidationResult.Success();
    }
}
