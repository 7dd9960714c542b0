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

namespace SentimentFactor.Cli.Commands.Bench;

/// <summary>
/// `sf bench score`: generated posts through (a) one at a time, (b) fixed 32 padded to max length, (c) the engine,
/// (d) equal-length full batches; tokenizer against HF tokenizers. Ends with the `bench score:` line.
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
        console.Profile.Out.Writer.WriteLine($"{posts.Count} generated posts ((a) and (b) on the first {Math.Min(settings.Sample, posts.Count)}), model {classifier.Name} {classifier.ModelId[..12]} (max length {classifier.Tokenizer.MaxLength}) on {classifier.Provider}, {Environment.ProcessorCount} cores");

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
            var result = await ScoreBenchmark.RunAsync(classifier, posts, settings.Sample, reference, console.Profile.Out.Writer.WriteLine, cancellationToken);
            var table = new Table().AddColumns("scenario", "posts", "posts/s", "useful tok/s", "waste %", "batches");
            foreach (var s in new[] { result.OneByOne, result.Padded, result.Engine, result.Ceiling })
            {
                table.AddRow(Markup.Escape(s.Name), s.Stats.Texts.ToString(), s.PostsPerSecond.ToString("F1"), s.UsefulTokensPerSecond.ToString("F0"), s.Stats.PaddingWastePercent.ToString("F1"), s.Stats.Batches.ToString());
            }

            console.Write(table);
            console.Profile.Out.Writer.WriteLine($"tokenizer: FastBertTokenizer {result.ChosenTokenizerTokensPerSecond:F0} tokens/s; HF tokenizers (Tokenizers.DotNet) "
                + (result.ReferenceTokenizerTokensPerSecond is { } hf ? $"{hf:F0} tokens/s, ratio {result.ChosenTokenizerTokensPerSecond / hf:F2}" : $"not measured: {result.ReferenceTokenizerProblem}"));
            console.Profile.Out.Writer.WriteLine($"engine: model ran {result.Engine.Stats.ModelTime.TotalSeconds:F1} s of {result.Engine.Stats.Elapsed.TotalSeconds:F1} s; waited {result.Engine.Stats.WaitTime.TotalMilliseconds:F0} ms for the tokenizer after the first batch; {result.Engine.Stats.Batches} batches");
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
        [Description("Generated posts (seeded, realistic length mix).")]
        [DefaultValue(5_000)]
        public int Posts { get; init; } = 5_000;

        [CommandOption("--sample <N>")]
        [Description("Posts for the slow baselines (a) and (b); they run on the first N posts when N < --posts.")]
        [DefaultValue(320)]
        public int Sample { get; init; } = 320;

        [CommandOption("-m|--model <DIR>")]
        [Description("Model directory. Default: the built-in MiniLM model.")]
        public string? Model { get; init; }

        [CommandOption("-d|--device <DEVICE>")]
        [Description("auto, cuda, or cpu.")]
        public string? Device { get; init; }

        public override ValidationResult Validate() =>
            Posts < 1 || Sample < 1 ? ValidationResult.Error("--posts and --sample must be at least 1.") : ValidationResult.Success();
    }
}
