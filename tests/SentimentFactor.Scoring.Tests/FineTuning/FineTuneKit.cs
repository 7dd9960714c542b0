using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Scoring.FineTuning;

namespace SentimentFactor.Scoring.Tests.FineTuning;

/// <summary>Tiny random checkpoints (2 layers, hidden 32) and the repository's small labeled set, for fast fine-tuning runs.</summary>
internal static class FineTuneKit
{
    public static string TrainData => Path.Combine(AppContext.BaseDirectory, "labeled", "train.jsonl");

    public static async Task<string> CheckpointAsync(BertArchitecture architecture, bool withHead, int seed = 3)
    {
        var directory = Path.Combine(TestModels.TempDirectory("ft-base"), "checkpoint");
        await new RandomCheckpointWriter().WriteAsync(new RandomCheckpointSpec
        {
            Architecture = architecture,
            Layers = 2,
            Hidden = 32,
            Heads = 4,
            Labels = ["negative", "neutral", "positive"],
            Seed = seed,
            MaxPositions = 64,
            WithHead = withHead,
        }, directory, CancellationToken.None);
        return directory;
    }

    public static FineTuneOptions Options(string @base, string data, string output) => new()
    {
        Base = @base,
        Data = data,
        Output = output,
        Holdout = 0.2,
        Epochs = 3,
        LearningRate = 2e-3,
        MaxTokens = 512,
        Seed = 5,
        Warmup = 0.1,
        Threads = 1,
        CheckpointInterval = null,
        HeldoutPath = Path.Combine(TestModels.TempDirectory("ft-heldout"), "heldout.jsonl"),
    };

    public static async Task<string> DataAsync(params string[] lines)
    {
        var path = Path.Combine(TestModels.TempDirectory("ft-data"), "data.jsonl");
        await File.WriteAllLinesAsync(path, lines);
        return path;
    }
}
