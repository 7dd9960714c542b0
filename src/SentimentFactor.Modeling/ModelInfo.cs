using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Onnx;
using SentimentFactor.Modeling.Checkpoints;

namespace SentimentFactor.Modeling;

/// <summary>
/// What <c>sf model info</c> reports about a checkpoint folder, a converted model folder, or an .onnx / .safetensors
/// file: architecture, parameter count, inputs and outputs, labels, opset and the SHA-256 of the weights file.
/// </summary>
public sealed record ModelInfo
{
    /// <summary>"onnx" or "checkpoint".</summary>
    public required string Kind { get; init; }

    /// <summary>The file described (model.onnx or the safetensors file / index).</summary>
    public required string Path { get; init; }

    /// <summary>model_type, or null when no config was found.</summary>
    public string? Architecture { get; init; }

    /// <summary>Elements over every weight.</summary>
    public long Parameters { get; init; }

    /// <summary>Graph inputs as "name: type [dims]" (empty for a checkpoint).</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>Graph outputs as "name: type [dims]" (empty for a checkpoint).</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>Class names in logit order (from config.json or the model's metadata).</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Opset imports as "domain=version" (empty for a checkpoint).</summary>
    public IReadOnlyList<string> Opsets { get; init; } = [];

    /// <summary>Layers, hidden size and heads, when a config says.</summary>
    public string? Shape { get; init; }

    /// <summary>Model metadata (sf.variant, sf.fp16 ...), or the safetensors __metadata__.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Lower-case hex SHA-256 of <see cref="Path"/>.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Size of <see cref="Path"/> plus any external data, in bytes.</summary>
    public long Bytes { get; init; }

    /// <summary>Describes <paramref name="path"/>: a folder (converted model or checkpoint) or a single file.</summary>
    public static async Task<ModelInfo> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            var onnx = System.IO.Path.Combine(path, "model.onnx");
            if (File.Exists(onnx))
            {
                return await ReadOnnxAsync(onnx, cancellationToken);
            }

            return await ReadCheckpointAsync(path, cancellationToken);
        }

        if (!File.Exists(path))
        {
            throw ModelingException.FileMissing(path, "Give a model folder, a model.onnx or a .safetensors file.");
        }

        return path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
            ? await ReadSafetensorsFileAsync(path, cancellationToken)
            : await ReadOnnxAsync(path, cancellationToken);
    }

    private static async Task<ModelInfo> ReadOnnxAsync(string path, CancellationToken cancellationToken)
    {
        ModelProto model;
        try
        {
            await using var stream = File.OpenRead(path);
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw ModelingException.OnnxUnreadable(path, e);
        }

        var metadata = model.MetadataProps.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        var configPath = System.IO.Path.Combine(directory, "config.json");
        BertConfig? config = null;
        if (File.Exists(configPath))
        {
            try
            {
                config = BertConfig.Load(configPath);
            }
            catch (ModelingException)
            {
                // A config of another model family still gives labels below; architecture then comes from metadata.
            }
        }

        IReadOnlyList<string> labels = config?.Labels ?? (IReadOnlyList<string>?)ReadLabels(configPath) ?? (metadata.TryGetValue("sf.labels", out var l) ? l.Split(',') : []);
        var externalFiles = model.Graph.Initializer
            .SelectMany(t => t.ExternalData.Where(e => e.Key == "location").Select(e => e.Value))
            .Distinct()
            .Select(f => System.IO.Path.Combine(directory, f))
            .Where(File.Exists);
        return new ModelInfo
        {
            Kind = "onnx",
            Path = path,
            Architecture = config?.Architecture.ToModelType() ?? metadata.GetValueOrDefault("sf.architecture"),
            Parameters = model.Graph.Initializer.Where(IsWeight).Sum(t => t.Dims.Aggregate(1L, (a, d) => a * d)),
            Inputs = model.Graph.Input.Select(Describe).ToList(),
            Outputs = model.Graph.Output.Select(Describe).ToList(),
            Labels = labels,
            Opsets = model.OpsetImport.Select(o => $"{(o.Domain.Length == 0 ? "ai.onnx" : o.Domain)}={o.Version}").ToList(),
            Shape = config is null ? null : ShapeOf(config),
            Metadata = metadata,
            Sha256 = await HashAsync(path, cancellationToken),
            Bytes = new FileInfo(path).Length + externalFiles.Sum(f => new FileInfo(f).Length),
        };
    }

    private static async Task<ModelInfo> ReadCheckpointAsync(string directory, CancellationToken cancellationToken)
    {
        var config = BertConfig.Load(System.IO.Path.Combine(directory, "config.json"));
        using var checkpoint = SafetensorsCheckpoint.Open(directory);
        var file = File.Exists(System.IO.Path.Combine(directory, SafetensorsCheckpoint.SingleFileName))
            ? System.IO.Path.Combine(directory, SafetensorsCheckpoint.SingleFileName)
            : System.IO.Path.Combine(directory, SafetensorsCheckpoint.IndexFileName);
        return new ModelInfo
        {
            Kind = "checkpoint",
            Path = file,
            Architecture = config.Architecture.ToModelType(),
            Parameters = checkpoint.Tensors.Where(t => SafetensorsDType.IsFloatingPoint(t.DType)).Sum(t => t.ElementCount),
            Labels = config.Labels,
            Shape = ShapeOf(config),
            Sha256 = await HashAsync(file, cancellationToken),
            Bytes = checkpoint.Files.Sum(f => new FileInfo(f).Length),
        };
    }

    private static async Task<ModelInfo> ReadSafetensorsFileAsync(string path, CancellationToken cancellationToken)
    {
        using var reader = SafetensorsReader.Open(path);
        var configPath = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!, "config.json");
        BertConfig? config = File.Exists(configPath) ? BertConfig.Load(configPath) : null;
        return new ModelInfo
        {
            Kind = "checkpoint",
            Path = path,
            Architecture = config?.Architecture.ToModelType(),
            Parameters = reader.Tensors.Where(t => SafetensorsDType.IsFloatingPoint(t.DType)).Sum(t => t.ElementCount),
            Labels = config?.Labels ?? [],
            Shape = config is null ? null : ShapeOf(config),
            Metadata = reader.Metadata,
            Sha256 = await HashAsync(path, cancellationToken),
            Bytes = new FileInfo(path).Length,
        };
    }

    private static bool IsWeight(TensorProto tensor) => (TensorProto.Types.DataType)tensor.DataType
        is TensorProto.Types.DataType.Float or TensorProto.Types.DataType.Float16 or TensorProto.Types.DataType.Bfloat16 or TensorProto.Types.DataType.Double;

    private static string ShapeOf(BertConfig config) =>
        $"{config.NumHiddenLayers} layers, hidden {config.HiddenSize}, {config.NumAttentionHeads} heads, intermediate {config.IntermediateSize}, {config.HiddenAct}";

    private static List<string>? ReadLabels(string configPath)
    {
        if (!File.Exists(configPath))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(configPath))?["id2label"] is JsonObject map
                ? map.OrderBy(p => int.TryParse(p.Key, out var i) ? i : int.MaxValue).Select(p => p.Value?.ToString() ?? string.Empty).ToList()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(ValueInfoProto value)
    {
        var tensor = value.Type?.TensorType;
        if (tensor is null)
        {
            return value.Name;
        }

        var type = ((TensorProto.Types.DataType)tensor.ElemType).ToString().ToLowerInvariant();
        var dims = tensor.Shape?.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? d.DimParam : d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture))
            ?? [];
        return $"{value.Name}: {type} [{string.Join(", ", dims)}]";
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
