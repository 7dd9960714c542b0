using System.ComponentModel;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Scoring;
using SentimentFactor.Scoring.Benchmarks;
using SentimentFactor.Scoring.DefaultModel;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Tokenization;
using Spectre.Console;
using Spectre.Console.Cli;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Cli.Commands.Bench;

/// <summary>
/// `sf bench score`: generated posts of real tweet lengths through (a) Hugging Face pipeline-style batches, (b)
/// length-sorted fixed batches, (c) the engine, (d) exact-length full batches; tokenizer against HF tokenizers.
/// Ends with the `bench score:` line.
/// </summary>
internal sealed class BenchScoreCommand(
    IAnsiConsole console, ScoringService scoring)
    : AsyncCommand<BenchScoreCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var device = settings.Device is null ? (ExecutionDevice?)null : ExecutionDeviceParser.Parse(settings.Device);
        using var classifier = await scoring.OpenClassifierAsync(settings.Model, device, cancellationToken);
        var directory = classifier.Files.Directory;
        var posts = BenchPostGenerator.Generate(settings.Posts, classifier.Tokenizer);
        var lengths = posts.Select(p => classifier.Tokenizer.Encode(p).Length).ToArray();
        console.Profile.Out.Writer.WriteLine($"{posts.Count} generated posts of real tweet lengths (mean {lengths.Average():F1} tokens, max {lengths.Max()}), model {classifier.Name} {classifier.ModelId[..12]} (max length {classifier.Tokenizer.MaxLength}) on {classifier.Provider}, {Environment.ProcessorCount} cores, load average {LoadAverage.Now()}");

        var referenceJson = Path.Combine(Path.GetTempPath(), $"sf-bench-tokenizer-{Environment.ProcessId}.json");
        var vocab = Path.Combine(directory, "vocab.txt");
        string? reference = null;
        if (File.Exists(Path.Combine(directory, "tokenizer.json")))
        {
            reference = Path.Combine(directory, "tokenizer.json");
        }
        else if (File.Exists(vocab))
        {
            await File.WriteAllTextAsync(referenceJson, BertTokenizerJson.FromVocabulary(await File.ReadAllLinesAsync(vocab, cancellationToken), classifier.Config.LowerCase), cancellationToken);
            reference = referenceJson;
        }

        try
        {
            var result = await ScoreBenchmark.RunAsync(classifier, posts, console.Profile.Out.Writer.WriteLine, cancellationToken);
            var (hfTokensPerSecond, hfProblem) = HfTokenizerBaseline.Measure(reference, posts);
            result = result with { ReferenceTokenizerTokensPerSecond = hfTokensPerSecond, ReferenceTokenizerProblem = hfProblem };
            var table = new Table().AddColumns("scenario", "posts", "posts/s", "useful tok/s", "waste %", "batches");
            foreach (var s in new[] { result.HuggingFace, result.Sorted, result.Engine, result.Ceiling })
            {
                table.AddRow(Markup.Escape(s.Name), s.Stats.Texts.ToString(), s.PostsPerSecond.ToString("F1"), s.UsefulTokensPerSecond.ToString("F0"), s.Stats.PaddingWastePercent.ToString("F1"), s.Stats.Batches.ToString());
            }

            console.Write(table);
            console.Profile.Out.Writer.WriteLine($"tokenizer: FastBertTokenizer {result.ChosenTokenizerTokensPerSecond:F0} tokens/s; HF tokenizers (Tokenizers.DotNet) "
                + (result.ReferenceTokenizerTokensPerSecond is { } hf ? $"{hf:F0} tokens/s, ratio {result.ChosenTokenizerTokensPerSecond / hf:F2}" : $"not measured: {result.ReferenceTokenizerProblem}"));
            console.Profile.Out.Writer.WriteLine($"engine: model ran {result.Engine.Stats.ModelTime.TotalSeconds:F1} s of {result.Engine.Stats.Elapsed.TotalSeconds:F1} s; waited {result.Engine.Stats.WaitTime.TotalMilliseconds:F0} ms for the tokenizer after the first batch; {result.Engine.Stats.Batches} batches");
            console.Profile.Out.Writer.WriteLine($"load average at the end {LoadAverage.Now()}");
            console.Profile.Out.Writer.WriteLine(result.SummaryLine);
        }
        finally
        {
            File.Delete(referenceJson);
        }

        return 0;
    }

    internal sealed class Settings : SfSettings
    {
        [CommandOption("--posts <N>")]
        [Description("Generated posts (seeded, lengths drawn from real financial tweets).")]
        [DefaultValue(5_000)]
        public int Posts { get; init; } = 5_000;

        [CommandOption("-m|--model <DIR>")]
        [Description("Model directory. Default: the built-in MiniLM model.")]
        public string? Model { get; init; }

        [CommandOption("-d|--device <DEVICE>")]
        [Description("auto, cuda, or cpu.")]
        public string? Device { get; init; }

        public override ValidationResult Validate() =>
            Posts < 1 ? ValidationResult.Error("--posts must be at least 1.") : ValidationResult.Success();
    }
}
