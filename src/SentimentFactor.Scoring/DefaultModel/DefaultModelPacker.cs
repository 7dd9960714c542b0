using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SentimentFactor.Scoring.FineTuning;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Models;

namespace SentimentFactor.Scoring.DefaultModel;

/// <summary>
/// `sf model pack`: turns a fine-tuned MiniLM folder into what the repository ships as the default model
/// (finetuned.safetensors + training.json), then assembles it the way first use does and records its model id and
/// its probabilities on fixed probe texts, which ShippedModelTests replays.
/// </summary>
public static class DefaultModelPacker
{
    /// <summary>Texts whose predictions training.json records.</summary>
    public static IReadOnlyList<string> ProbeTexts { get; } =
    [
        "$NVDA smashed earnings, guidance raised 🚀",
        "Sold all my $TSLA, terrible quarter",
        "Fed holds rates steady, as expected",
        "$AAPL downgraded to sell at Morgan Stanley; shares fall 4%",
        "Oracle announces new CFO effective July 25. $ORCL",
        "Boeing beats on deliveries, stock jumps premarket",
    ];

    /// <summary>Packs <paramref name="fineTuned"/> into <paramref name="outputDirectory"/>; returns the manifest written.</summary>
    public static async Task<JsonObject> PackAsync(string fineTuned, string outputDirectory, ScoringRuntimeOptions runtime, ILogger logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var deltaPath = Path.Combine(outputDirectory, FineTunedDelta.FileName);
        var names = await FineTunedDelta.PackAsync(fineTuned, deltaPath, cancellationToken);
        var assembled = Path.Combine(Path.GetTempPath(), "sf-pack-" + Guid.NewGuid().ToString("N"));
        try
        {
            await FineTunedDelta.WriteModelAsync(assembled, deltaPath, cancellationToken);
            using var classifier = SentimentClassifier.Open(assembled, runtime, logger);
            var scores = await classifier.ScoreAsync(ProbeTexts, cancellationToken);
            var manifestPath = Path.Combine(fineTuned, FineTuneOutput.ManifestFileName);
            var manifest = File.Exists(manifestPath) ? JsonNode.Parse(await File.ReadAllTextAsync(manifestPath, cancellationToken)) as JsonObject ?? [] : [];
            manifest["model_id"] = classifier.ModelId;
            manifest["delta"] = new JsonObject
            {
                ["file"] = FineTunedDelta.FileName,
                ["encoding"] = "int8 row deltas of changed matrices (word embeddings: moved rows only), float16 vectors and new tensors",
                ["bytes"] = new FileInfo(deltaPath).Length,
                ["tensors"] = names.Count,
                ["parameters"] = CountParameters(deltaPath),
            };
            var probes = new JsonArray();
            for (var i = 0; i < scores.Length; i++)
            {
                probes.Add(new JsonObject
                {
                    ["text"] = ProbeTexts[i],
                    ["label"] = SentimentLabels.ToName(scores[i].Label),
                    ["p"] = new JsonArray(scores[i].PNeg, scores[i].PNeu, scores[i].PPos),
                });
            }

            manifest["probes"] = probes;
            await File.WriteAllTextAsync(Path.Combine(outputDirectory, FineTuneOutput.ManifestFileName),
                manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n",
                cancellationToken);
            return manifest;
        }
        finally
        {
            if (Directory.Exists(assembled))
            {
                Directory.Delete(assembled, recursive: true);
            }
        }
    }

    private static long CountParameters(string deltaPath)
    {
        using var reader = SentimentFactor.Modeling.Checkpoints.SafetensorsReader.Open(deltaPath);
        return reader.Tensors.Sum(t => t.ElementCount);
    }
}
