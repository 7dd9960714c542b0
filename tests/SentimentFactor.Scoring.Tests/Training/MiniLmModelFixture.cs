using Microsoft.Extensions.Logging.Abstractions;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Training;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Scoring.Tests.Training;

/// <summary>
/// Trains one small MiniLM classifier (12 examples per class from the shipped training set) for the tests of a
/// class: the real encoder, few texts, so the suite stays fast.
/// </summary>
public sealed class MiniLmModelFixture : IAsyncLifetime
{
    public static readonly ScoringRuntimeOptions Cpu = new() { Device = ExecutionDevice.Cpu, MaxTokensPerBatch = 512, MaxBatchSize = 8 };

    public string Directory { get; private set; } = "";

    public string DataPath { get; private set; } = "";

    public TrainingResult Result { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "labeled", "train.jsonl"));
        var picked = lines.GroupBy(l => l[(l.LastIndexOf("\"label\"", StringComparison.Ordinal) + 7)..])
            .SelectMany(g => g.Take(12)).ToArray();
        var root = TestModels.TempDirectory("minilm");
        DataPath = Path.Combine(root, "small.jsonl");
        await File.WriteAllLinesAsync(DataPath, picked);
        Directory = Path.Combine(root, "model");
        Result = await ModelTrainer.TrainAsync(
            "minilm", DataPath, Directory, new HeadTrainingOptions { Folds = 3, Lambdas = [1e-2, 1e-1] }, Cpu,
            NullLogger.Instance, CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
