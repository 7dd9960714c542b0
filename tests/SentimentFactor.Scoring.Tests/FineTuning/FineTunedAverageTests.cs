using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Scoring.FineTuning;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Tests.Training;

namespace SentimentFactor.Scoring.Tests.FineTuning;

/// <summary>sf model average: the mean of two fine-tunes' weights, with each run's tuned offsets taken out of its bias first.</summary>
public sealed class FineTunedAverageTests
{
    private readonly FineTuneService _service = new(NullLogger<FineTuneService>.Instance);

    [Fact]
    public async Task Averaged_model_holds_the_mean_of_the_runs_weights_without_their_offsets_and_scores()
    {
        var checkpoint = await FineTuneKit.CheckpointAsync(BertArchitecture.Bert, withHead: true);
        var root = TestModels.TempDirectory("ft-average");
        var slow = FineTuneKit.Options(checkpoint, FineTuneKit.TrainData, Path.Combine(root, "slow")) with { Epochs = 1, Validation = 0.2, TuneOffsets = true };
        var fast = slow with { Output = Path.Combine(root, "fast"), LearningRate = 4e-3 };
        await _service.RunAsync(slow, null, null, CancellationToken.None);
        await _service.RunAsync(fast, null, null, CancellationToken.None);
        // A tiny model's tuned offsets are often all zero; record some, as --tune-offsets would after folding them in.
        var fastManifestPath = Path.Combine(fast.Output, FineTuneOutput.ManifestFileName);
        var fastManifest = JsonNode.Parse(await File.ReadAllTextAsync(fastManifestPath))!.AsObject();
        fastManifest["offsets"] = new JsonObject { ["chosen_on"] = "validation", ["values"] = new JsonArray(0.5, 0.0, -0.25) };
        await File.WriteAllTextAsync(fastManifestPath, fastManifest.ToJsonString());
        var output = Path.Combine(root, "average");

        var manifest = await FineTunedAverage.WriteAsync([slow.Output, fast.Output], output, overwrite: false, CancellationToken.None);

        var a = await WeightsAsync(slow.Output);
        var b = await WeightsAsync(fast.Output);
        var mean = await WeightsAsync(output);
        var offsetsA = Offsets(slow.Output);
        var offsetsB = Offsets(fast.Output);
        foreach (var tensor in mean.Tensors)
        {
            var x = a.Data(tensor.Name);
            var y = b.Data(tensor.Name);
            for (var i = 0; i < x.Length; i++)
            {
                var expected = tensor.Name == BertWeightLayout.Classifier + ".bias"
                    ? ((x[i] - offsetsA[i]) + (y[i] - offsetsB[i])) / 2
                    : (x[i] + y[i]) / 2;
                Assert.Equal(expected, tensor.Data[i], 1e-6);
            }
        }

        Assert.Equal(2, manifest["averaged_from"]!.AsArray().Count);
        Assert.True(File.Exists(Path.Combine(output, "model.onnx")));
        using var classifier = SentimentClassifier.Open(output, MiniLmModelFixture.Cpu, NullLogger.Instance);
        var scores = await classifier.ScoreAsync(["stock soars on earnings", "shares plunge"], CancellationToken.None);
        Assert.All(scores, s => Assert.Equal(1, s.PNeg + s.PNeu + s.PPos, 4));
    }

    [Fact]
    public async Task Fine_tunes_of_different_architectures_are_refused_and_leave_no_output()
    {
        var root = TestModels.TempDirectory("ft-average-mismatch");
        var bert = FineTuneKit.Options(await FineTuneKit.CheckpointAsync(BertArchitecture.Bert, withHead: true), FineTuneKit.TrainData,
            Path.Combine(root, "bert")) with
        { Epochs = 1 };
        var megatron = FineTuneKit.Options(await FineTuneKit.CheckpointAsync(BertArchitecture.MegatronBert, withHead: true), FineTuneKit.TrainData,
            Path.Combine(root, "megatron")) with
        { Epochs = 1 };
        await _service.RunAsync(bert, null, null, CancellationToken.None);
        await _service.RunAsync(megatron, null, null, CancellationToken.None);
        var output = Path.Combine(root, "average");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => FineTunedAverage.WriteAsync([bert.Output, megatron.Output], output, false, CancellationToken.None));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("cannot be averaged", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task One_model_is_refused()
    {
        var error = await Assert.ThrowsAsync<ScoringException>(() => FineTunedAverage.WriteAsync(["only"], "out", false, CancellationToken.None));
        Assert.Contains("at least two", error.Message, StringComparison.Ordinal);
    }

    private static async Task<BertWeights> WeightsAsync(string folder)
    {
        var config = BertConfig.Load(Path.Combine(folder, "config.json"));
        using var checkpoint = SafetensorsCheckpoint.Open(folder);
        return await BertWeights.LoadAsync(config, checkpoint, CancellationToken.None);
    }

    private static float[] Offsets(string folder) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(folder, FineTuneOutput.ManifestFileName)))!["offsets"]?["values"]?.AsArray()
            .Select(v => (float)v!.GetValue<double>()).ToArray() ?? new float[3];
}
