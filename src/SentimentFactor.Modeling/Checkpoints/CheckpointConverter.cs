using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SentimentFactor.Modeling.Onnx;

namespace SentimentFactor.Modeling.Checkpoints;

/// <summary>
/// Converts a Hugging Face Megatron-BERT or BERT sequence-classification checkpoint (config.json, safetensors
/// weights, vocab.txt) into a folder the scoring engine loads: model.onnx (+ model.onnx.data for big models),
/// config.json (the checkpoint's config plus max_length, do_lower_case and an "onnx" block) and vocab.txt.
/// Every tensor name and shape is checked against the config before anything is written, and the folder is
/// written under a temporary name and renamed, so a failure leaves no partial output.
/// </summary>
public sealed class CheckpointConverter(ILogger<CheckpointConverter> logger)
{
    /// <summary>File name of the converted model.</summary>
    public const string ModelFileName = "model.onnx";

    /// <summary>A converter that logs nowhere.</summary>
    public CheckpointConverter()
        : this(NullLogger<CheckpointConverter>.Instance)
    {
    }

    /// <summary>Reads and validates the checkpoint in <paramref name="checkpointDirectory"/> and loads its weights.</summary>
    public async Task<BertWeights> LoadAsync(string checkpointDirectory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(checkpointDirectory))
        {
            throw ModelingException.FileMissing(checkpointDirectory, "Point at a checkpoint folder (config.json + model.safetensors), or create one with 'sf model init'.");
        }

        var config = BertConfig.Load(Path.Combine(checkpointDirectory, "config.json"));
        using var checkpoint = SafetensorsCheckpoint.Open(checkpointDirectory);
        var weights = await BertWeights.LoadAsync(config, checkpoint, cancellationToken);
        var architecture = config.Architecture.ToModelType();
        var parameters = weights.ParameterCount;
        Log.CheckpointRead(logger, checkpointDirectory, architecture, config.NumHiddenLayers, config.HiddenSize, parameters, config.Labels.Count);

        var ignored = checkpoint.Tensors.Count() - BertWeightLayout.Expected(config).Count;
        if (ignored > 0)
        {
            Log.TensorsIgnored(logger, checkpointDirectory, ignored);
        }

        return weights;
    }

    /// <summary>Converts <paramref name="checkpointDirectory"/> into <paramref name="outputDirectory"/>.</summary>
    public async Task<CheckpointConversionResult> ConvertAsync(string checkpointDirectory, string outputDirectory,
        CheckpointConversionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var stopwatch = Stopwatch.StartNew();
        if (options.Export.Opset is < BertOnnxExporter.MinOpset or > BertOnnxExporter.MaxOpset)
        {
            throw ModelingException.UnsupportedOpset(options.Export.Opset, BertOnnxExporter.MinOpset, BertOnnxExporter.MaxOpset);
        }

        var vocabulary = Path.Combine(checkpointDirectory, "vocab.txt");
        var weights = await LoadAsync(checkpointDirectory, cancellationToken);
        if (!File.Exists(vocabulary))
        {
            throw ModelingException.FileMissing(vocabulary, "The scoring engine needs the checkpoint's WordPiece vocab.txt; copy it into the checkpoint folder.");
        }

        var target = Path.GetFullPath(outputDirectory);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !options.Overwrite)
        {
            throw ModelingException.OutputExists(outputDirectory);
        }

        cancellationToken.ThrowIfCancellationRequested();

        // A fine-tuned checkpoint records the pooling it was trained with (sf model finetune --pooling).
        options = options with { Export = options.Export with { Pooling = ReadPooling(checkpointDirectory) } };
        var model = BertOnnxExporter.Build(weights, options.Export);
        var nodes = model.Graph.Node.Count;
        var external = false;
        await OutputDirectory.WriteAtomicallyAsync(outputDirectory, options.Overwrite, async temporary =>
        {
            external = await OnnxModelWriter.WriteAsync(model, Path.Combine(temporary, ModelFileName), options.ExternalDataThresholdBytes, cancellationToken);
            var outputConfig = OutputConfig(checkpointDirectory, weights.Config, options);
            await File.WriteAllTextAsync(Path.Combine(temporary, "config.json"),
                outputConfig.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
            File.Copy(vocabulary, Path.Combine(temporary, "vocab.txt"));
            foreach (var extra in (string[])["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"])
            {
                var source = Path.Combine(checkpointDirectory, extra);
                if (File.Exists(source))
                {
                    File.Copy(source, Path.Combine(temporary, extra));
                }
            }
        }, cancellationToken);

        var modelPath = Path.Combine(target, ModelFileName);
        var variant = options.Export.Variant.ToString().ToLowerInvariant();
        var bytes = new FileInfo(modelPath).Length;
        var elapsedMs = stopwatch.ElapsedMilliseconds;
        Log.ModelWritten(logger, variant, modelPath, options.Export.Opset, options.Export.Fp16, nodes, bytes, external, elapsedMs);

        return new CheckpointConversionResult(target, modelPath, weights.Config, weights.ParameterCount, nodes, external, stopwatch.Elapsed);
    }

    /// <summary>
    /// Whether the checkpoint's tokenizer lowercases: tokenizer_config.json's do_lower_case when present, else true
    /// (uncased, as Megatron-BERT's and BERT's default vocabularies are).
    /// </summary>
    public static bool ReadDoLowerCase(string checkpointDirectory)
    {
        var path = Path.Combine(checkpointDirectory, "tokenizer_config.json");
        if (!File.Exists(path))
        {
            return true;
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) is JsonObject root && root["do_lower_case"] is JsonValue value && value.TryGetValue<bool>(out var lower)
                ? lower
                : true;
        }
        catch (JsonException)
        {
            return true;
        }
    }

    /// <summary>The classifier's pooling named by config.json's classifier_pooling ("mean" or "cls_pooler", the default).</summary>
    public static Training.ClassifierPooling ReadPooling(string checkpointDirectory)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(checkpointDirectory, "config.json"))) as JsonObject;
        return BertOnnxExporter.ParsePooling(root?["classifier_pooling"] is JsonValue value && value.TryGetValue<string>(out var name) ? name : null);
    }

    private static JsonObject OutputConfig(string checkpointDirectory, BertConfig config, CheckpointConversionOptions options)
    {
        // Keep every field of the source config; add what the scoring engine's contract asks for.
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(checkpointDirectory, "config.json"))) as JsonObject ?? config.ToJson();
        root["max_length"] = Math.Min(options.MaxSequenceLength, config.MaxPositionEmbeddings);
        root["do_lower_case"] = ReadDoLowerCase(checkpointDirectory);
        root["onnx"] = new JsonObject
        {
            ["file"] = ModelFileName,
            ["variant"] = options.Export.Variant.ToString().ToLowerInvariant(),
            ["fp16"] = options.Export.Fp16,
            ["opset"] = options.Export.Opset,
            ["pooling"] = BertOnnxExporter.PoolingName(options.Export.Pooling),
            ["inputs"] = new JsonArray(BertOnnxExporter.InputIds, BertOnnxExporter.AttentionMask, BertOnnxExporter.TokenTypeIds),
            ["output"] = BertOnnxExporter.Logits,
            ["producer"] = "SentimentFactor.Modeling",
        };
        return root;
    }
}
