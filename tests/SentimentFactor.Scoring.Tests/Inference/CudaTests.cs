using Microsoft.Extensions.Logging.Abstractions;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Scoring.Tests.Inference;

public sealed class CudaTests
{
    // Fallback off: this cannot pass by silently running on CPU.
    private static readonly ScoringRuntimeOptions CudaOnly = SentimentClassifierTests.Cpu with
    {
        Device = ExecutionDevice.Cuda,
        AllowCpuFallback = false,
    };

    [CudaFact]
    public async Task Cuda_scores_match_cpu_scores()
    {
        using var cpu = SentimentClassifier.Open(TestModels.Tiny("tiny"), SentimentClassifierTests.Cpu, NullLogger.Instance);
        using var cuda = SentimentClassifier.Open(TestModels.Tiny("tiny"), CudaOnly, NullLogger.Instance);

        var expected = await cpu.ScoreAsync(SentimentClassifierTests.Posts, CancellationToken.None);
        var actual = await cuda.ScoreAsync(SentimentClassifierTests.Posts, CancellationToken.None);

        Assert.Equal("CUDAExecutionProvider", cuda.Provider);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].PNeg, actual[i].PNeg, 1e-4f);
            Assert.Equal(expected[i].PNeu, actual[i].PNeu, 1e-4f);
            Assert.Equal(expected[i].PPos, actual[i].PPos, 1e-4f);
        }
    }

    [Fact]
    public void Auto_device_runs_somewhere_and_says_where()
    {
        using var classifier = SentimentClassifier.Open(
            TestModels.Tiny("tiny"), SentimentClassifierTests.Cpu with { Device = ExecutionDevice.Auto }, NullLogger.Instance);

        Assert.Contains(classifier.Provider, new[] { "CUDAExecutionProvider", "CPUExecutionProvider" });
        Assert.Equal(classifier.Provider == "CUDAExecutionProvider" ? ExecutionDevice.Cuda : ExecutionDevice.Cpu, classifier.Device);
    }
}
