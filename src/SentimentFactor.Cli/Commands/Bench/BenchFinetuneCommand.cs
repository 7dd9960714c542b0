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
        [Description("Batches in each round (the first ones of a fine-tune's first epoch).")]
        [DefaultValue(8)]
        public int Batches { get; init; } = 8;

        [CommandOption("--max-tokens <N>")]
        [Description("Token budget per batch; the default is sf model finetune's.")]
        [DefaultValue(FineTuneOptions.DefaultMaxTokens)]
        public int MaxTokens { get; init; } = FineTuneOptions.DefaultMaxTokens;

        [CommandOption("--rounds <N>")]
        [Description("Timed rounds (after 2 untimed ones), each batch forward and then trained; the result is their median.")]
        [DefaultValue(5)]
        public int Rounds { get; init; } = 5;

        public override ValidationResult Validate() =>
            Batches < 1 || MaxTokens < 64 || Rounds < 1
                ? ValidationResult.Error("--batches and --rounds must be at least 1 and --max-tokens at least 64.")
                : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var data = settings.Data ?? FindRepositoryData();
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"MiniLM (frozen embeddings, mean pooling), {settings.Batches} batches of up to {settings.MaxTokens:N0} tokens from {data}; {FineTuneBenchmark.WarmupRounds} untimed rounds, then {settings.Rounds} timed");
        var progress = new RoundPrinter(round => console.Profile.Out.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"round {round.Number}: train_tok_s={round.TrainTokensPerSecond:F0} fwd_tok_s={round.ForwardTokensPerSecond:F0} ratio={round.Ratio:F3}")));
        var result = await FineTuneBenchmark.RunAsync(data, settings.Batches, settings.MaxTokens, settings.Rounds, logger, progress, cancellationToken);
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{result.Tokens:N0} padded tokens a round; medians of {result.Rounds.Count} rounds:");
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

    // Progress<T> would post each round to the thread pool, so a round's line could follow the result line.
    private sealed class RoundPrinter(Action<FineTuneBenchmarkRound> print) : IProgress<FineTuneBenchmarkRound>
    {
        public void Report(FineTuneBenchmarkRound value) => print(value);
    }
}
