using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Onnx;
using SentimentFactor.Modeling.Onnx;

namespace SentimentFactor.Modeling.Quantization;

/// <summary>
/// `sf model quantize`: a float32 classifier folder (model.onnx, config.json, vocabulary) to an int8 one that the
/// scoring engine loads the same way (docs/model.md, "int8"). Refuses float16, already quantised and non-classifier
/// models with one line each; writes under a temporary sibling and renames, so a failure leaves no folder.
/// </summary>
public static class ModelQuantizer
{
    /// <summary>The config.json key recording the arithmetic precision ("int8"; absent means float32).</summary>
    public const string PrecisionKey = "precision";

    /// <summary>
    /// Version of what this quantiser writes (graph form, scales, calibration rule). Caches of int8 builds are keyed by
    /// it (docs/model.md, "int8"): bump it with any change to the output, so no build of an older recipe is reused.
    /// 2: fused Attention as QAttention; outliers against the MatMuls' median. 3: 7-bit weights
    /// (<see cref="DynamicInt8Quantizer.WeightLevels"/>), exact on CPUs without VNNI.
    /// </summary>
    public const int RecipeVersion = 3;

    private const string ModelFile = "model.onnx";
    private const string ConfigFile = "config.json";

    /// <summary>Quantises the model in <paramref name="modelDirectory"/> into <paramref name="outputDirectory"/>.</summary>
    public static async Task<ModelQuantizationResult> QuantizeAsync(
        string modelDirectory, string outputDirectory, ModelQuantizationOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var watch = Stopwatch.StartNew();
        var source = Path.GetFullPath(modelDirectory);
        var modelPath = Path.Combine(source, ModelFile);
        var configPath = Path.Combine(source, ConfigFile);
        if (!File.Exists(modelPath))
        {
            throw ModelingException.FileMissing(modelPath, "Point at a model folder (model.onnx, config.json, vocab.txt).");
        }

        if (!File.Exists(configPath))
        {
            throw ModelingException.FileMissing(configPath, "Point at a model folder (model.onnx, config.json, vocab.txt).");
        }

        if (string.Equals(source.TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(outputDirectory).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
        {
            throw ModelingException.QuantizeIntoItself(outputDirectory);
        }

        if (File.Exists(modelPath + ".data"))
        {
            throw ModelingException.ExternalDataUnsupported(modelPath);
        }

        var config = ReadConfig(configPath);
        if (config[PrecisionKey]?.GetValue<string>() is { } precision && precision != "fp32")
        {
            throw ModelingException.AlreadyQuantized(modelPath, $"config.json says {PrecisionKey} {precision}");
        }

        var bytes = await File.ReadAllBytesAsync(modelPath, cancellationToken);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw ModelingException.OnnxUnreadable(modelPath, e);
        }

        Check(model, config, modelPath);
        var maxima = options.CalibrationBatches.Count == 0 ? new Dictionary<string, float>() : ActivationOutliers.Measure(model, options.CalibrationBatches);
        var matMuls = model.Graph.Node.Where(n => n.OpType == "MatMul").Select(n => n.Name.Length > 0 ? n.Name : n.Output[0]).ToHashSet(StringComparer.Ordinal);
        var outliers = ActivationOutliers.Select(maxima, matMuls.Contains);
        var result = DynamicInt8Quantizer.Quantize(
            model, options.Form, name => outliers.Contains(name) || options.KeepFloatPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)));
        if (result.QuantizedMatMuls == 0)
        {
            throw ModelingException.NothingToQuantize(modelPath);
        }

        config[PrecisionKey] = "int8";
        config["quantization"] = new JsonObject
        {
            ["method"] = "dynamic: int8 weights with one scale per output column, uint8 activations quantised per tensor at run time",
            ["recipe_version"] = RecipeVersion,
            ["form"] = options.Form.ToString(),
            ["quantized_matmuls"] = result.QuantizedMatMuls,
            ["quantized_attention_as_qattention"] = result.QuantizedAttentions,
            ["kept_float_matmuls"] = result.KeptFloatMatMuls,
            ["keep_float_prefixes"] = new JsonArray([.. options.KeepFloatPrefixes.Select(p => JsonValue.Create(p))]),
            ["kept_float_for_outliers"] = new JsonArray([.. outliers.Select(p => JsonValue.Create(p))]),
            ["calibration_input_relative_error"] = new JsonObject(maxima.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(Math.Round(p.Value, 5))))),
            ["source_model_id"] = Convert.ToHexStringLower(SHA256.HashData(bytes)),
        };
        await OutputDirectory.WriteAtomicallyAsync(outputDirectory, options.Overwrite, async temporary =>
        {
            foreach (var file in Directory.EnumerateFiles(source))
            {
                var name = Path.GetFileName(file);
                if (name is not ModelFile and not ConfigFile)
                {
                    File.Copy(file, Path.Combine(temporary, name));
                }
            }

            await File.WriteAllBytesAsync(Path.Combine(temporary, ModelFile), result.Model.ToByteArray(), cancellationToken);
            await File.WriteAllTextAsync(
                Path.Combine(temporary, ConfigFile), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", cancellationToken);
        }, cancellationToken);

        return new ModelQuantizationResult(
            Path.GetFullPath(outputDirectory), result.QuantizedMatMuls, result.QuantizedAttentions, result.KeptFloatMatMuls, outliers, result.WeightBytesBefore, result.WeightBytesAfter,
            bytes.LongLength, new FileInfo(Path.Combine(outputDirectory, ModelFile)).Length, watch.Elapsed);
    }

    /// <summary>The <see cref="RecipeVersion"/> an int8 folder was written with (0: none recorded, or no config.json).</summary>
    public static int RecipeOf(string modelDirectory)
    {
        var path = Path.Combine(modelDirectory, ConfigFile);
        return File.Exists(path) && ReadConfig(path)["quantization"]?["recipe_version"] is JsonValue v && v.TryGetValue<int>(out var version) ? version : 0;
    }

    /// <summary>Whether a model folder's config.json records int8 precision.</summary>
    public static bool IsInt8(string modelDirectory)
    {
        var path = Path.Combine(modelDirectory, ConfigFile);
        return File.Exists(path) && ReadConfig(path)[PrecisionKey]?.GetValue<string>() == "int8";
    }

    private static void Check(ModelProto model, JsonObject config, string modelPath)
    {
        var graph = model.Graph;
        if (graph.Node.FirstOrDefault(n => DynamicInt8Quantizer.QuantizedOperators.Contains(n.OpType)) is { } quantized)
        {
            throw ModelingException.AlreadyQuantized(modelPath, $"it has a {quantized.OpType} node");
        }

        const int float16 = (int)TensorProto.Types.DataType.Float16;
        if (graph.Initializer.Any(t => t.DataType == float16) || config["onnx"]?["fp16"]?.GetValue<bool>() == true)
        {
            throw ModelingException.QuantizeFp16(modelPath);
        }

        if (!graph.Output.Any(o => o.Name == "logits"))
        {
            throw ModelingException.NotAClassifier(modelPath, $"no 'logits' output (outputs: {string.Join(", ", graph.Output.Select(o => o.Name))})");
        }

        if (!graph.Input.Any(i => i.Name == "input_ids"))
        {
            throw ModelingException.NotAClassifier(modelPath, $"no 'input_ids' input (inputs: {string.Join(", ", graph.Input.Select(i => i.Name))})");
        }

        if (config["id2label"] is not JsonObject { Count: > 0 })
        {
            throw ModelingException.NotAClassifier(modelPath, "config.json has no id2label");
        }
    }

    private static JsonObject ReadConfig(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw ModelingException.ConfigInvalid(path, "not a JSON object");
        }
        catch (JsonException e)
        {
            throw ModelingException.ConfigInvalid(path, $"invalid JSON ({e.Message})");
        }
    }
}
