using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Scoring.FineTuning;

namespace SentimentFactor.Scoring.Tests.FineTuning;

/// <summary>--calibrate: a validation-chosen temperature divided into the classifier changes probabilities, not predictions.</summary>
public sealed class FineTuneCalibrationTests
{
    private readonly FineTuneService _service = new(NullLogger<FineTuneService>.Instance);

    [Fact]
    public async Task Calibrated_run_divides_the_classifier_by_a_temperature_that_lowers_validation_ece_and_keeps_predictions()
    {
        var checkpoint = await FineTuneKit.CheckpointAsync(BertArchitecture.Bert, withHead: true);
        var root = TestModels.TempDirectory("ft-calibrate");
        var plain = FineTuneKit.Options(checkpoint, FineTuneKit.TrainData, Path.Combine(root, "plain")) with { Epochs = 2, Validation = 0.2 };
        var calibrated = plain with { Output = Path.Combine(root, "calibrated"), Calibrate = true };

        var a = await _service.RunAsync(plain, null, null, CancellationToken.None);
        var b = await _service.RunAsync(calibrated, null, null, CancellationToken.None);

        var temperature = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(calibrated.Output, FineTuneOutput.ManifestFileName)))!["temperature"]!;
        var t = temperature["value"]!.GetValue<double>();
        Assert.True(t is > 0.2 and < 10, $"temperature {t}");
        Assert.NotEqual(1.0, t);
        Assert.True(temperature["validation_ece_after"]!.GetValue<double>() <= temperature["validation_ece_before"]!.GetValue<double>() + 1e-4);
        Assert.Equal(a.Heldout!.Accuracy, b.Heldout!.Accuracy);
        Assert.Equal(a.Heldout.MacroF1, b.Heldout.MacroF1);
        var before = await ClassifierAsync(plain.Output);
        var after = await ClassifierAsync(calibrated.Output);
        for (var i = 0; i < before.Length; i++)
        {
            Assert.Equal(before[i] / t, after[i], 1e-5);
        }
    }

    private static async Task<float[]> ClassifierAsync(string folder)
    {
        using var checkpoint = SafetensorsCheckpoint.Open(folder);
        return await checkpoint.ReadFloat32Async(BertWeightLayout.Classifier + ".weight", CancellationToken.None);
    }
}
