using Microsoft.Extensions.Logging.Abstractions;
using SentimentFactor.Modeling;
using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Training;
using SentimentFactor.Scoring.FineTuning;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Tests.Training;

namespace SentimentFactor.Scoring.Tests.FineTuning;

/// <summary>Fine-tuning a tiny random encoder on the repository's labeled set: it learns, resumes exactly, and refuses bad input cleanly.</summary>
public sealed class FineTuneServiceTests
{
    private readonly FineTuneService _service = new(NullLogger<FineTuneService>.Instance);

    [Fact]
    public async Task Tiny_finetune_lowers_the_loss_and_beats_the_majority_class_on_held_out_texts()
    {
        var checkpoint = await FineTuneKit.CheckpointAsync(BertArchitecture.Bert, withHead: true);
        var output = Path.Combine(TestModels.TempDirectory("ft-out"), "model");
        var epochs = new List<FineTuneEpoch>();

        var options = FineTuneKit.Options(checkpoint, FineTuneKit.TrainData, output) with { Epochs = 4, MaxTokens = 256, LearningRate = 3e-3, Dropout = 0 };

        var result = await _service.RunAsync(options, null, epochs.Add, CancellationToken.None);

        Assert.True(result.Completed);
        Assert.Equal(4, epochs.Count);
        Assert.True(epochs[^1].TrainLoss < epochs[0].TrainLoss - 0.05, $"train loss {epochs[0].TrainLoss:F4} -> {epochs[^1].TrainLoss:F4}");
        var heldout = result.Heldout!;
        var majority = heldout.Support.Max() / (double)heldout.Total;
        Assert.True(heldout.Accuracy > majority + 0.1, $"held-out accuracy {heldout.Accuracy:F3}, majority class {majority:F3}");
        foreach (var file in (string[])["config.json", "model.safetensors", "vocab.txt", "model.onnx", FineTuneOutput.ManifestFileName])
        {
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        }

        Assert.False(Directory.Exists(output + FineTuneService.TrainingSuffix));

        // The ONNX classifier predicts what training measured on the held-out split.
        await AssertOnnxHeldoutAccuracyAsync(output, heldout.Accuracy);
    }

    [Fact]
    public async Task Lora_finetune_learns_changes_only_query_value_and_classifier_and_its_onnx_predicts_what_training_measured()
    {
        var checkpoint = await FineTuneKit.CheckpointAsync(BertArchitecture.Bert, withHead: true);
        var output = Path.Combine(TestModels.TempDirectory("ft-lora"), "model");
        var epochs = new List<FineTuneEpoch>();
        var options = FineTuneKit.Options(checkpoint, FineTuneKit.TrainData, output) with
        {
            Epochs = 6,
            MaxTokens = 256,
            LearningRate = 1e-2,
            Dropout = 0,
            LoraRank = 4,
            Pooling = ClassifierPooling.Mean,
        };

        var result = await _service.RunAsync(options, null, epochs.Add, CancellationToken.None);

        Assert.True(result.Completed);
        Assert.True(epochs[^1].TrainLoss < epochs[0].TrainLoss - 0.05, $"train loss {epochs[0].TrainLoss:F4} -> {epochs[^1].TrainLoss:F4}");
        var heldout = result.Heldout!;
        Assert.True(heldout.Accuracy > (heldout.Support.Max() / (double)heldout.Total) + 0.05, $"held-out accuracy {heldout.Accuracy:F3}; epochs " + string.Join(", ", epochs.Select(e => $"{e.TrainLoss:F3}/{e.Accuracy:F3}")));
        Assert.Contains("\"train\": \"lora:4\"", await File.ReadAllTextAsync(Path.Combine(output, FineTuneOutput.ManifestFileName)), StringComparison.Ordinal);

        // The adapters are folded into the query and value weights; every other encoder tensor is the base's.
        using var before = SafetensorsReader.Open(Path.Combine(checkpoint, "model.safetensors"));
        using var after = SafetensorsReader.Open(Path.Combine(output, "model.safetensors"));
        Assert.DoesNotContain(after.Tensors, t => t.Name.Contains("lora", StringComparison.Ordinal));
        var changed = new List<string>();
        foreach (var tensor in before.Tensors.Where(t => after.Contains(t.Name)))
        {
            var a = await before.ReadFloat32Async(tensor.Name, CancellationToken.None);
            var b = await after.ReadFloat32Async(tensor.Name, CancellationToken.None);
            if (!a.AsSpan().SequenceEqual(b))
            {
                changed.Add(tensor.Name);
            }
        }

        var expected = Enumerable.Range(0, 2)
            .SelectMany(l => new[] { $"bert.encoder.layer.{l}.attention.self.query.weight", $"bert.encoder.layer.{l}.attention.self.value.weight" })
            .Concat(["classifier.bias", "classifier.weight"]);
        Assert.Equal(expected.Order(StringComparer.Ordinal), changed.Order(StringComparer.Ordinal));

        // The exported graph (merged weights only) predicts what training measured with the adapters.
        await AssertOnnxHeldoutAccuracyAsync(output, heldout.Accuracy);
    }

    [Fact]
    public async Task Killed_and_resumed_run_ends_with_the_weights_of_an_uninterrupted_run()
    {
        var checkpoint = await FineTuneKit.CheckpointAsync(BertArchitecture.MegatronBert, withHead: false);
        var root = TestModels.TempDirectory("ft-resume");
        var whole = FineTuneKit.Options(checkpoint, FineTuneKit.TrainData, Path.Combine(root, "whole")) with { Epochs = 2 };
        var split = whole with { Output = Path.Combine(root, "split") };

        await _service.RunAsync(whole, null, null, CancellationToken.None);
        var first = await _service.RunAsync(split with { StopAfterSteps = 7 }, null, null, CancellationToken.None);
        Assert.False(first.Completed);
        Assert.False(Directory.Exists(split.Output));
        Assert.True(Directory.Exists(split.Output + FineTuneService.TrainingSuffix));
        var second = await _service.RunAsync(split with { StopAfterSteps = 20 }, null, null, CancellationToken.None);
        Assert.False(second.Completed);
        Assert.Equal(27, second.Steps);
        var last = await _service.RunAsync(split, null, null, CancellationToken.None);

        Assert.True(last.Completed);
        Assert.Equal(
            await File.ReadAllBytesAsync(Path.Combine(whole.Output, "model.safetensors")),
            await File.ReadAllBytesAsync(Path.Combine(split.Output, "model.safetensors")));
    }

    [Fact]
    public async Task Resuming_with_other_arguments_is_refused_naming_the_training_folder()
    {
        var checkpoint = await FineTuneKit.CheckpointAsync(BertArchitecture.Bert, withHead: false);
        var options = FineTuneKit.Options(checkpoint, FineTuneKit.TrainData, Path.Combine(TestModels.TempDirectory("ft-mismatch"), "model")) with { Epochs = 1 };
        await _service.RunAsync(options with { StopAfterSteps = 2 }, null, null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ScoringException>(() => _service.RunAsync(options with { LearningRate = 1e-4 }, null, null, CancellationToken.None));

        Assert.Contains(options.Output + FineTuneService.TrainingSuffix, error.Message, StringComparison.Ordinal);
        Assert.Contains("Rerun with the same arguments", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string[], string> BadData() => new()
    {
        { "empty", [], "has no examples" },
        { "one class", ["{\"text\": \"up\", \"label\": \"positive\"}", "{\"text\": \"gains\", \"label\": \"positive\"}"], "one class only" },
        { "unknown label", ["{\"text\": \"up\", \"label\": \"bullish-ish\"}"], "is not negative, neutral or positive" },
    };

    [Theory]
    [MemberData(nameof(BadData))]
    public async Task Bad_data_is_refused_in_one_line_and_leaves_no_output(string name, string[] lines, string expected)
    {
        var checkpoint = await FineTuneKit.CheckpointAsync(BertArchitecture.Bert, withHead: true);
        var data = await FineTuneKit.DataAsync(lines);
        var output = Path.Combine(TestModels.TempDirectory("ft-bad-" + name.Replace(' ', '-')), "model");

        var error = await Assert.ThrowsAsync<ScoringException>(() => _service.RunAsync(FineTuneKit.Options(checkpoint, data, output), null, null, CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(Directory.Exists(output));
        Assert.False(Directory.Exists(output + FineTuneService.TrainingSuffix));
    }

    [Fact]
    public async Task Unsupported_architecture_is_refused_naming_the_supported_ones()
    {
        var checkpoint = await FineTuneKit.CheckpointAsync(BertArchitecture.Bert, withHead: true);
        var config = Path.Combine(checkpoint, "config.json");
        await File.WriteAllTextAsync(config, (await File.ReadAllTextAsync(config)).Replace("\"model_type\": \"bert\"", "\"model_type\": \"roberta\"", StringComparison.Ordinal));
        var output = Path.Combine(TestModels.TempDirectory("ft-arch"), "model");

        var error = await Assert.ThrowsAsync<ModelingException>(() => _service.RunAsync(FineTuneKit.Options(checkpoint, FineTuneKit.TrainData, output), null, null, CancellationToken.None));

        Assert.Contains("'roberta'", error.Message, StringComparison.Ordinal);
        Assert.Contains("megatron-bert", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Batch_budget_beyond_memory_is_refused_before_training_with_a_smaller_setting()
    {
        var checkpoint = await FineTuneKit.CheckpointAsync(BertArchitecture.Bert, withHead: true);
        var output = Path.Combine(TestModels.TempDirectory("ft-memory"), "model");
        var options = FineTuneKit.Options(checkpoint, FineTuneKit.TrainData, output) with { MaxTokens = 2_000_000_000 };

        var error = await Assert.ThrowsAsync<ScoringException>(() => _service.RunAsync(options, null, null, CancellationToken.None));

        Assert.Contains("Lower --max-tokens", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
        Assert.False(Directory.Exists(output + FineTuneService.TrainingSuffix));
    }

    // The output folder's ONNX classifier, scored on the held-out split of FineTuneKit.Options (20 %, seed 5), gets
    // the accuracy training reported.
    private static async Task AssertOnnxHeldoutAccuracyAsync(string output, double expectedAccuracy)
    {
        using var classifier = SentimentClassifier.Open(output, MiniLmModelFixture.Cpu, NullLogger.Instance);
        var examples = await SentimentFactor.Scoring.Training.LabeledSet.ReadAsync(FineTuneKit.TrainData, CancellationToken.None);
        var (_, rows) = SentimentFactor.Scoring.Training.HoldoutSplit.Split(examples, 0.2, 5);
        var scores = await classifier.ScoreAsync(rows.Select(i => examples[i].Text).ToList(), CancellationToken.None);
        var correct = rows.Select((r, i) => scores[i].Label == examples[r].Label ? 1 : 0).Sum();
        Assert.Equal(expectedAccuracy, correct / (double)rows.Length, 3);
    }
}
