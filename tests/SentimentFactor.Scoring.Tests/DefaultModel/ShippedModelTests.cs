using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SentimentFactor.Scoring.DefaultModel;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Models;
using SentimentFactor.Scoring.Tests.Training;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Scoring.Tests.DefaultModel;

/// <summary>
/// The default model assembled from the shipped delta (models/default/finetuned.safetensors over the package's MiniLM)
/// must predict exactly what packing recorded in models/default/training.json: guards against a broken build of the
/// model (graph, delta file, encoder). The frozen-encoder head before it (models/frozen-head) still round-trips.
/// </summary>
public sealed class ShippedModelTests
{
    private const double Tolerance = 1e-4;

    [Fact]
    public async Task Shipped_model_predicts_what_was_recorded_when_it_was_trained()
    {
        var head = ModelResolver.FindHead("models/default/finetuned.safetensors");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(head)!, "training.json")))!;
        var resolver = new ModelResolver(
            Options.Create(new ScoringOptions { ModelCacheDirectory = TestModels.TempDirectory("default-model"), Precision = "fp32" }),
            NullLogger<ModelResolver>.Instance);

        var directory = await resolver.ResolveAsync(null, ExecutionDevice.Cpu, CancellationToken.None);
        using var classifier = SentimentClassifier.Open(directory, MiniLmModelFixture.Cpu, NullLogger.Instance);
        var probes = manifest["probes"]!.AsArray();
        var scores = await classifier.ScoreAsync(probes.Select(p => p!["text"]!.GetValue<string>()).ToList(), CancellationToken.None);

        Assert.Equal(manifest["model_id"]!.GetValue<string>(), classifier.ModelId);
        Assert.True(probes.Count >= 6, $"training.json records {probes.Count} probe texts, expected at least 6");
        for (var i = 0; i < probes.Count; i++)
        {
            var recorded = probes[i]!["p"]!.AsArray().Select(p => p!.GetValue<double>()).ToArray();
            Assert.Equal(probes[i]!["label"]!.GetValue<string>(), SentimentLabels.ToName(scores[i].Label));
            Assert.Equal(recorded[0], scores[i].PNeg, Tolerance);
            Assert.Equal(recorded[1], scores[i].PNeu, Tolerance);
            Assert.Equal(recorded[2], scores[i].PPos, Tolerance);
        }
    }

    [Fact]
    public async Task Shipped_head_round_trips_through_head_json()
    {
        var path = ModelResolver.FindHead("models/frozen-head/head.json");
        var head = await HeadFile.ReadAsync(path, CancellationToken.None);
        var copy = Path.Combine(TestModels.TempDirectory("head"), HeadFile.FileName);

        await HeadFile.WriteAsync(copy, head, CancellationToken.None);

        Assert.Equal(await File.ReadAllTextAsync(path), await File.ReadAllTextAsync(copy));
    }
}
