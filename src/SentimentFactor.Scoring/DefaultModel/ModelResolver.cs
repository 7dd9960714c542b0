using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Scoring.DefaultModel;

/// <summary>
/// Turns --model / Scoring:ModelPath into a model directory. Without one, the default model: the MiniLM encoder of the
/// package with what the repository ships over it (Scoring:DefaultHead: the fine-tuned layers of
/// models/default/finetuned.safetensors, or a frozen-encoder head.json from sf model train), assembled on first
/// use in seconds (no training, no data file) into Scoring:ModelCacheDirectory/default-&lt;key&gt;, where the key hashes
/// the package version, the assembler version and head.json, so a changed head gives a new model.
/// </summary>
public sealed class ModelResolver(IOptions<ScoringOptions> options, ILogger<ModelResolver> logger)
{
    /// <summary>
    /// The directory of the model to use, assembling the default model when needed, then applying Scoring:Precision
    /// (an int8 build for CPU scoring, see <see cref="Int8Models"/>).
    /// </summary>
    public async Task<string> ResolveAsync(string? modelPath, ExecutionDevice? device, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var (directory, isDefault) = await ResolveFloatAsync(modelPath, cancellationToken);
        return await Int8Models.ChooseAsync(directory, isDefault, device ?? ExecutionDeviceParser.Parse(settings.Device), settings, logger, cancellationToken);
    }

    /// <summary>
    /// The int8 build of the float32 model in <paramref name="directory"/> (made and checked on first use, see
    /// <see cref="Int8Models.BuildAsync"/>) whatever Scoring:Precision says: for comparing the two.
    /// </summary>
    public async Task<(string Directory, Int8Quality Quality)> BuildInt8Async(string directory, bool isDefault, CancellationToken cancellationToken)
    {
        var target = Int8Models.BuildDirectory(directory, isDefault, options.Value.ModelCacheDirectory);
        return (target, await Int8Models.BuildAsync(directory, target, logger, cancellationToken));
    }

    /// <summary>
    /// The float32 model directory of <paramref name="modelPath"/> (null: Scoring:ModelPath, else the default model,
    /// assembled on first use) before Scoring:Precision applies, and whether it is the default model.
    /// </summary>
    public async Task<(string Directory, bool IsDefault)> ResolveFloatAsync(string? modelPath, CancellationToken cancellationToken)
    {
        var isDefault = string.IsNullOrWhiteSpace(modelPath) && string.IsNullOrWhiteSpace(options.Value.ModelPath);
        return (await ResolveFloatModelAsync(modelPath, cancellationToken), isDefault);
    }

    private async Task<string> ResolveFloatModelAsync(string? modelPath, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var path = string.IsNullOrWhiteSpace(modelPath) ? settings.ModelPath : modelPath;
        if (!string.IsNullOrWhiteSpace(path))
        {
            return Path.GetFullPath(path);
        }

        var head = FindHead(settings.DefaultHead);
        var key = DefaultModelKey(head);
        var cacheRoot = Path.GetFullPath(settings.ModelCacheDirectory);
        var directory = Path.Combine(cacheRoot, "default-" + key);
        if (File.Exists(Path.Combine(directory, "model.onnx")))
        {
            return directory;
        }

        Log.AssemblingDefaultModel(logger, directory, head);
        var staging = directory + ".building-" + Environment.ProcessId;
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        if (head.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            await FineTunedDelta.WriteModelAsync(staging, head, cancellationToken);
        }
        else
        {
            var trained = await HeadFile.ReadAsync(head, cancellationToken);
            await ModelAssembler.WriteAsync(staging, trained, cancellationToken);
        }

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

    /// <summary>The cache key of the default model assembled from a head file.</summary>
    public static string DefaultModelKey(string headPath)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"minilm {MiniLmPackage.Version} assembler {ModelAssembler.AssemblerVersion}\n"));
        hash.AppendData(File.ReadAllBytes(headPath));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    /// <summary>
    /// The shipped head: <paramref name="relative"/> as given when rooted; else in the working directory or above it (the
    /// repository), then under SF_HOME (set by ./sf), then beside the assemblies (copied there at build time).
    /// </summary>
    public static string FindHead(string relative)
    {
        ArgumentNullException.ThrowIfNull(relative);
        var searched = new List<string>();
        if (Path.IsPathRooted(relative))
        {
            return File.Exists(relative) ? relative : throw ScoringException.HeadNotFound(relative);
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        searched.Add(Path.Combine(Directory.GetCurrentDirectory(), relative) + " and above");
        foreach (var root in new[] { Environment.GetEnvironmentVariable("SF_HOME"), AppContext.BaseDirectory })
        {
            if (!string.IsNullOrEmpty(root))
            {
                var candidate = Path.Combine(root, relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }

                searched.Add(candidate);
            }
        }

        throw ScoringException.HeadNotFound(string.Join(", ", searched));
    }
}
