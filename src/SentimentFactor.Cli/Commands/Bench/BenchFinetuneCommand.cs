using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.Logging;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Scoring.FineTuning;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Bench;

/// <summary>`sf bench finetune`: MiniLM training tokens/s vs ONNX Runtime forward tokens/s on the same batches.</summary>
internal sealed class BenchFinetuneCommand(IAnsiConsole console, ILogger<BenchFinetuneCommand> logger) : AsyncCommand<BenchFinetuneCommand.Settings>
{
    internal sealed class Settings : SfSettings
    {
        [CommandOption("--data <FILE>")]
        [Description("Labeled JSONL whose texts form the batches. Default: data/labeled/train.jsonl of the repository.")]
        public string? Data { get; init; }

        [CommandOption("--batches <N>")]
        [Description("Timed batches (after one warm-up batch).")]
        [DefaultValue(8)]
        public int Batches { get; init; } = 8;

        [CommandOption("--max-tokens <N>")]
        [Description("Token budget per batch.")]
        [DefaultValue(1024)]
        public int MaxTokens { get; init; } = 1024;

        public override ValidationResult Validate() =>
            Batches < 1 || MaxTokens < 64 ? ValidationResult.Error("--batches must be at least 1 and --max-tokens at least 64.") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var data = settings.Data ?? FindRepositoryData();
        var result = await FineTuneBenchmark.RunAsync(data, settings.Batches, settings.MaxTokens, logger, cancellationToken);
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"MiniLM (frozen embeddings, mean pooling), {result.Batches} batches, {result.Tokens:N0} padded tokens from {data}");
        console.Profile.Out.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench finetune: train_tok_s={result.TrainTokensPerSecond:F0} fwd_tok_s={result.ForwardTokensPerSecond:F0} ratio={result.Ratio:F3}"));
        return 0;
    }

    private static string FindRepositoryData()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data", "labeled", "train.jsonl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine("data", "labeled", "train.jsonl");
    }
}
