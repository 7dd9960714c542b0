using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Training;

namespace SentimentFactor.Scoring.DefaultModel;

/// <summary>
/// Turns --model / Scoring:ModelPath into a model directory. Without one, the default model: the MiniLM encoder with a
/// head trained on the shipped labeled set, built on first use into Scoring:ModelCacheDirectory/default-&lt;key&gt;
/// (key = hash of package version, trainer version and training file), so a changed training set gives a new model.
/// </summary>
public sealed class ModelResolver(IOptions<ScoringOptions> options, ILogger<ModelResolver> logger)
{
    /// <summary>The directory of the model to use, building the default model when needed.</summary>
    public async Task<string> ResolveAsync(string? modelPath, ExecutionDevice? device, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var path = string.IsNullOrWhiteSpace(modelPath) ? settings.ModelPath : modelPath;
        if (!string.IsNullOrWhiteSpace(path))
        {
            return Path.GetFullPath(path);
        }

        var data = FindUpwards(settings.DefaultTrainingData) ?? throw ScoringException.DataFileNotFound(settings.DefaultTrainingData);
        var key = DefaultModelKey(data);
        var cacheRoot = Path.GetFullPath(settings.ModelCacheDirectory);
        var directory = Path.Combine(cacheRoot, "default-" + key);
        if (File.Exists(Path.Combine(directory, "model.onnx")))
        {
            return directory;
        }

        Log.BuildingDefaultModel(logger, directory, data);
        var staging = directory + ".building-" + Environment.ProcessId;
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        await ModelTrainer.TrainAsync(
            "minilm", data, staging, new HeadTrainingOptions(), ScoringRuntimeOptions.From(settings, device), logger, cancellationToken);
        try
        {
            Directory.Move(staging, directory);
        }
        catch (IOException) when (File.Exists(Path.Combine(directory, "model.onnx")))
        {
            // Another process built it first: theirs is the same model.
            Directory.Delete(staging, recursive: true);
        }

        return directory;
    }

    /// <summary>The cache key of the default model built from a training file.</summary>
    public static string DefaultModelKey(string trainingData)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"minilm {MiniLmPackage.Version} trainer {ModelTrainer.TrainerVersion}\n"));
        hash.AppendData(File.ReadAllBytes(trainingData));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    // The CLI runs from the repository root, tests from their bin folder: look in the working directory and above.
    private static string? FindUpwards(string relative)
    {
        if (Path.IsPathRooted(relative))
        {
            return File.Exists(relative) ? relative : null;
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
