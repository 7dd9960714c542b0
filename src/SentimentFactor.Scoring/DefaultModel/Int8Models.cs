using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SentimentFactor.Modeling;
using SentimentFactor.Modeling.Quantization;
using SentimentFactor.Modeling.Reference;
using SentimentFactor.Scoring.Benchmarks;
using SentimentFactor.Scoring.Evaluation;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Models;
using SentimentFactor.Scoring.Tokenization;
using SentimentFactor.Scoring.Training;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Scoring.DefaultModel;

/// <summary>
/// Scoring:Precision (docs/model.md, "int8"): picks the float32 model or a dynamic-int8 build of it, built on first use
/// into Scoring:ModelCacheDirectory and checked there against the float32 model on the repository's labeled held-out
/// posts (data/labeled/heldout.jsonl). With auto, only the default model on CPU goes int8, and only when the check
/// holds (macro-F1 at most <see cref="MaxMacroF1Loss"/> below float32); the check is kept in quality.json.
/// </summary>
public static class Int8Models
{
    /// <summary>Most macro-F1 the int8 build may lose against float32 for auto to use it.</summary>
    public const double MaxMacroF1Loss = 0.01;

    /// <summary>The labeled posts the int8 build is checked on (searched like the default head).</summary>
    public const string ProbeData = "data/labeled/heldout.jsonl";

    private const string QualityFile = "quality.json";

    /// <summary>The model directory to score with, for the float32 <paramref name="directory"/> and the settings.</summary>
    public static async Task<string> ChooseAsync(
        string directory, bool isDefault, ExecutionDevice device, ScoringOptions settings, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Precision == "fp32" || ModelQuantizer.IsInt8(directory) || !File.Exists(Path.Combine(directory, "model.onnx")))
        {
            return directory;
        }

        var wanted = settings.Precision == "int8" || (isDefault && OnCpu(device));
        if (!wanted)
        {
            return directory;
        }

        var target = BuildDirectory(directory, isDefault, settings.ModelCacheDirectory);
        var quality = await BuildAsync(directory, target, logger, cancellationToken);
        if (settings.Precision == "auto" && !quality.Holds)
        {
            Log.Int8QualityFailed(logger, quality.Describe());
            return directory;
        }

        return target;
    }

    // Builds of the same model by earlier recipes (e.g. "-int8-r2" beside "-int8-r3") are never read again: each is
    // about 60 MB, so the build that replaces them removes them.
    private static void RemoveOtherRecipes(string target, ILogger logger)
    {
        var name = Path.GetFileName(target);
        var stem = name[..(name.LastIndexOf("-int8-r", StringComparison.Ordinal) + "-int8-r".Length)];
        var parent = Path.GetDirectoryName(target);
        if (parent is null)
        {
            return;
        }

        foreach (var other in Directory.EnumerateDirectories(parent, stem + "*"))
        {
            var recipe = Path.GetFileName(other)[stem.Length..];
            if (recipe.Length == 0 || !recipe.All(char.IsAsciiDigit) || other == target)
            {
                continue;
            }

            try
            {
                Directory.Delete(other, recursive: true);
                Log.StaleInt8BuildRemoved(logger, other);
            }
            catch (IOException)
            {
                // In use or gone already: harmless, it is only disk space.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>
    /// Where the int8 build of the float32 model in <paramref name="directory"/> is kept: named after the default model's
    /// folder (or the model's id) and <see cref="ModelQuantizer.RecipeVersion"/>, so a changed quantiser builds anew.
    /// </summary>
    public static string BuildDirectory(string directory, bool isDefault, string cacheDirectory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var name = isDefault ? Path.GetFileName(directory.TrimEnd(Path.DirectorySeparatorChar)) : "model-" + ModelIdPrefix(directory);
        return Path.Combine(Path.GetFullPath(cacheDirectory), $"{name}-int8-r{ModelQuantizer.RecipeVersion}");
    }

    /// <summary>
    /// The int8 build of <paramref name="source"/> in <paramref name="target"/> and its check against float32: made
    /// (quantised, then checked) when missing or written by another recipe, else read back from its quality.json.
    /// </summary>
    public static async Task<Int8Quality> BuildAsync(string source, string target, ILogger logger, CancellationToken cancellationToken)
    {
        var qualityPath = Path.Combine(target, QualityFile);
        if (File.Exists(qualityPath) && File.Exists(Path.Combine(target, "model.onnx")) && ModelQuantizer.RecipeOf(target) == ModelQuantizer.RecipeVersion)
        {
            await using var stream = File.OpenRead(qualityPath);
            if (await JsonSerializer.DeserializeAsync<Int8Quality>(stream, cancellationToken: cancellationToken) is { } known)
            {
                return known;
            }
        }

        var (examples, probeSource) = await ProbeAsync(source, cancellationToken);
        Log.BuildingInt8Model(logger, target, source, examples.Count, probeSource);
        var staging = target + ".building-" + Environment.ProcessId;
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        if (Directory.Exists(target))
        {
            // Half-written, or another recipe's build under this name: never reused.
            Directory.Delete(target, recursive: true);
        }

        try
        {
            await ModelQuantizer.QuantizeAsync(source, staging, new ModelQuantizationOptions { CalibrationBatches = CalibrationBatches(source) }, cancellationToken);
            var quality = await CompareAsync(source, staging, examples, probeSource, cancellationToken);
            await File.WriteAllTextAsync(
                Path.Combine(staging, QualityFile), JsonSerializer.Serialize(quality, new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
            Log.Int8Checked(logger, quality.Int8MacroF1, quality.Fp32MacroF1, 100 * quality.Agreement, quality.MaxProbabilityDifference, quality.Holds);
            try
            {
                Directory.Move(staging, target);
            }
            catch (IOException) when (File.Exists(Path.Combine(target, QualityFile)))
            {
                // Another process built it first: the same model, the same check.
                Directory.Delete(staging, recursive: true);
            }

            RemoveOtherRecipes(target, logger);
            return quality;
        }
        catch
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            throw;
        }
    }

    /// <summary>
    /// Calibration input for <see cref="ModelQuantizer"/>: 64 generated posts of real tweet lengths, tokenized for the
    /// model in <paramref name="modelDirectory"/>, in batches of 32 (generated, so the labeled check stays unseen).
    /// </summary>
    public static IReadOnlyList<BertBatch> CalibrationBatches(string modelDirectory)
    {
        var files = ModelFiles.Locate(modelDirectory);
        var config = ModelConfig.Load(files.ConfigPath);
        var tokenizer = WordPieceTokenizer.Load(files.VocabularyPath, config.LowerCase, config.MaxLength);
        return [.. BenchPostGenerator.Generate(64, tokenizer, seed: 3)
            .Chunk(32)
            .Select(chunk => BertBatch.FromSequences([.. chunk.Select(text => (IReadOnlyList<long>)tokenizer.Encode(text))]))];
    }

    /// <summary>Scores <paramref name="examples"/> with both models on CPU and compares them.</summary>
    public static async Task<Int8Quality> CompareAsync(
        string fp32Directory, string int8Directory, IReadOnlyList<LabeledExample> examples, string probeSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var cpu = new ScoringRuntimeOptions { Device = ExecutionDevice.Cpu };
        var texts = examples.Select(e => e.Text).ToList();
        SentimentScore[] fp32, int8;
        using (var classifier = SentimentClassifier.Open(fp32Directory, cpu, NullLogger.Instance))
        {
            fp32 = await classifier.ScoreAsync(texts, cancellationToken);
        }

        using (var classifier = SentimentClassifier.Open(int8Directory, cpu, NullLogger.Instance))
        {
            int8 = await classifier.ScoreAsync(texts, cancellationToken);
        }

        var agreement = fp32.Zip(int8, (a, b) => a.Label == b.Label).Count(same => same) / (double)Math.Max(1, texts.Count);
        var maxDifference = fp32.Zip(int8, (a, b) => Math.Max(Math.Abs(a.PNeg - b.PNeg), Math.Max(Math.Abs(a.PNeu - b.PNeu), Math.Abs(a.PPos - b.PPos))))
            .DefaultIfEmpty(0f).Max();
        var fp32F1 = ModelEvaluator.Report(examples, fp32).MacroF1;
        var int8F1 = ModelEvaluator.Report(examples, int8).MacroF1;
        return new Int8Quality(probeSource, texts.Count, fp32F1, int8F1, agreement, maxDifference, int8F1 >= fp32F1 - MaxMacroF1Loss);
    }

    // The repository's labeled held-out posts; outside a checkout, generated posts labeled by the float32 model
    // itself, so the check becomes "int8 keeps float32's labels".
    private static async Task<(IReadOnlyList<LabeledExample> Examples, string Source)> ProbeAsync(string source, CancellationToken cancellationToken)
    {
        try
        {
            var path = ModelResolver.FindHead(ProbeData);
            return (await LabeledSet.ReadAsync(path, cancellationToken), path);
        }
        catch (ScoringException)
        {
            using var classifier = SentimentClassifier.Open(source, new ScoringRuntimeOptions { Device = ExecutionDevice.Cpu }, NullLogger.Instance);
            var posts = BenchPostGenerator.Generate(240, classifier.Tokenizer, seed: 7);
            var labels = await classifier.ScoreAsync(posts, cancellationToken);
            return (posts.Select((p, i) => new LabeledExample(p, labels[i].Label)).ToList(), "240 generated posts labeled by the float32 model");
        }
    }

    private static bool OnCpu(ExecutionDevice device)
    {
        if (device == ExecutionDevice.Cpu)
        {
            return true;
        }

        if (device == ExecutionDevice.Cuda)
        {
            return false;
        }

        // auto: CPU exactly when the CUDA provider cannot be appended (libraries missing), as the session will find.
        return !OrtSessionFactory.CudaUsable(out _);
    }

    private static string ModelIdPrefix(string directory)
    {
        using var stream = File.OpenRead(Path.Combine(directory, "model.onnx"));
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
    }
}
