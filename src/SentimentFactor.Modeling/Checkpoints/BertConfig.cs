using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SentimentFactor.Modeling.Checkpoints;

/// <summary>
/// The parts of a Hugging Face config.json that define a BERT-family sequence classifier. Every field is required;
/// a missing one, another model_type, or an inconsistent value (hidden size not divisible by heads) is a
/// <see cref="ModelingException"/> that names the file and the field.
/// </summary>
public sealed record BertConfig
{
    /// <summary>The encoder family.</summary>
    public required BertArchitecture Architecture { get; init; }

    /// <summary>Transformer layers (num_hidden_layers).</summary>
    public required int NumHiddenLayers { get; init; }

    /// <summary>Model width (hidden_size).</summary>
    public required int HiddenSize { get; init; }

    /// <summary>Attention heads per layer (num_attention_heads).</summary>
    public required int NumAttentionHeads { get; init; }

    /// <summary>Feed-forward width (intermediate_size).</summary>
    public required int IntermediateSize { get; init; }

    /// <summary>hidden_act as written in the config.</summary>
    public required string HiddenAct { get; init; }

    /// <summary>LayerNorm epsilon (layer_norm_eps).</summary>
    public required double LayerNormEps { get; init; }

    /// <summary>Longest sequence the position table covers (max_position_embeddings).</summary>
    public required int MaxPositionEmbeddings { get; init; }

    /// <summary>Rows of the token-type table (type_vocab_size).</summary>
    public required int TypeVocabSize { get; init; }

    /// <summary>Rows of the word-embedding table (vocab_size).</summary>
    public required int VocabSize { get; init; }

    /// <summary>Class names in logit order (id2label).</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>Width of one attention head.</summary>
    public int HeadSize => HiddenSize / NumAttentionHeads;

    /// <summary>The activation <see cref="HiddenAct"/> names.</summary>
    public BertActivation Activation => ParseActivation(HiddenAct) ?? throw new InvalidOperationException($"Unsupported hidden_act {HiddenAct}.");

    /// <summary>Reads and validates config.json at <paramref name="path"/>.</summary>
    public static BertConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw ModelingException.FileMissing(path, "A checkpoint folder needs config.json (Hugging Face layout).");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses config.json text; <paramref name="source"/> names it in errors.</summary>
    public static BertConfig Parse(string json, string source)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw ModelingException.ConfigInvalid(source, "not a JSON object");
        }
        catch (JsonException e)
        {
            throw ModelingException.ConfigInvalid(source, $"not JSON ({e.Message})");
        }

        var modelType = RequiredString(root, source, "model_type");
        var architecture = BertArchitectureNames.TryParse(modelType) ?? throw ModelingException.UnsupportedArchitecture(source, modelType);
        var hiddenAct = RequiredString(root, source, "hidden_act");
        if (ParseActivation(hiddenAct) is null)
        {
            throw ModelingException.UnsupportedActivation(source, hiddenAct);
        }

        var config = new BertConfig
        {
            Architecture = architecture,
            NumHiddenLayers = RequiredInt(root, source, "num_hidden_layers"),
            HiddenSize = RequiredInt(root, source, "hidden_size"),
            NumAttentionHeads = RequiredInt(root, source, "num_attention_heads"),
            IntermediateSize = RequiredInt(root, source, "intermediate_size"),
            HiddenAct = hiddenAct,
            LayerNormEps = RequiredDouble(root, source, "layer_norm_eps"),
            MaxPositionEmbeddings = RequiredInt(root, source, "max_position_embeddings"),
            TypeVocabSize = RequiredInt(root, source, "type_vocab_size"),
            VocabSize = RequiredInt(root, source, "vocab_size"),
            Labels = ReadLabels(root, source),
        };
        config.Validate(source);
        return config;
    }

    /// <summary>The config as Hugging Face writes it (model_type, sizes, id2label/label2id).</summary>
    public JsonObject ToJson()
    {
        var id2label = new JsonObject();
        var label2id = new JsonObject();
        for (var i = 0; i < Labels.Count; i++)
        {
            id2label[i.ToString(CultureInfo.InvariantCulture)] = Labels[i];
            label2id[Labels[i]] = i;
        }

        return new JsonObject
        {
            ["architectures"] = new JsonArray(Architecture == BertArchitecture.MegatronBert
                ? "MegatronBertForSequenceClassification" : "BertForSequenceClassification"),
            ["model_type"] = Architecture.ToModelType(),
            ["num_hidden_layers"] = NumHiddenLayers,
            ["hidden_size"] = HiddenSize,
            ["num_attention_heads"] = NumAttentionHeads,
            ["intermediate_size"] = IntermediateSize,
            ["hidden_act"] = HiddenAct,
            ["layer_norm_eps"] = LayerNormEps,
            ["max_position_embeddings"] = MaxPositionEmbeddings,
            ["type_vocab_size"] = TypeVocabSize,
            ["vocab_size"] = VocabSize,
            ["initializer_range"] = 0.02,
            ["hidden_dropout_prob"] = 0.1,
            ["attention_probs_dropout_prob"] = 0.1,
            ["pad_token_id"] = 0,
            ["position_embedding_type"] = "absolute",
            ["id2label"] = id2label,
            ["label2id"] = label2id,
        };
    }

    internal static BertActivation? ParseActivation(string hiddenAct) => hiddenAct.Trim().ToLowerInvariant() switch
    {
        "gelu" => BertActivation.GeluErf,
        "gelu_new" or "gelu_pytorch_tanh" or "gelu_fast" => BertActivation.GeluTanh,
        "relu" => BertActivation.Relu,
        _ => null,
    };

    private void Validate(string source)
    {
        Positive(source, "num_hidden_layers", NumHiddenLayers);
        Positive(source, "hidden_size", HiddenSize);
        Positive(source, "num_attention_heads", NumAttentionHeads);
        Positive(source, "intermediate_size", IntermediateSize);
        Positive(source, "max_position_embeddings", MaxPositionEmbeddings);
        Positive(source, "type_vocab_size", TypeVocabSize);
        Positive(source, "vocab_size", VocabSize);
        if (HiddenSize % NumAttentionHeads != 0)
        {
            throw ModelingException.ConfigInvalid(source, $"hidden_size {HiddenSize} is not a multiple of num_attention_heads {NumAttentionHeads}");
        }

        if (!(LayerNormEps > 0 && LayerNormEps < 1))
        {
            throw ModelingException.ConfigInvalid(source, $"layer_norm_eps must be between 0 and 1, was {LayerNormEps}");
        }

        if (Labels.Count < 2)
        {
            throw ModelingException.ConfigInvalid(source, $"id2label must name at least 2 classes, has {Labels.Count}");
        }
    }

    private static void Positive(string source, string field, int value)
    {
        if (value <= 0)
        {
            throw ModelingException.ConfigInvalid(source, $"{field} must be positive, was {value}");
        }
    }

    private static JsonNode Required(JsonObject root, string source, string field) =>
        root[field] ?? throw ModelingException.ConfigFieldMissing(source, field);

    private static string RequiredString(JsonObject root, string source, string field) =>
        Required(root, source, field) is JsonValue value && value.TryGetValue<string>(out var s)
            ? s
            : throw ModelingException.ConfigInvalid(source, $"{field} must be a string");

    private static int RequiredInt(JsonObject root, string source, string field) =>
        Required(root, source, field) is JsonValue value && value.TryGetValue<int>(out var i)
            ? i
            : throw ModelingException.ConfigInvalid(source, $"{field} must be an integer, was {root[field]!.ToJsonString()}");

    private static double RequiredDouble(JsonObject root, string source, string field) =>
        Required(root, source, field) is JsonValue value && value.TryGetValue<double>(out var d)
            ? d
            : throw ModelingException.ConfigInvalid(source, $"{field} must be a number, was {root[field]!.ToJsonString()}");

    private static List<string> ReadLabels(JsonObject root, string source)
    {
        if (Required(root, source, "id2label") is not JsonObject map)
        {
            throw ModelingException.ConfigInvalid(source, "id2label must be an object {\"0\": \"negative\", ...}");
        }

        var labels = new SortedDictionary<int, string>();
        foreach (var (key, node) in map)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                || node is not JsonValue value || !value.TryGetValue<string>(out var label) || label.Length == 0)
            {
                throw ModelingException.ConfigInvalid(source, $"id2label entry \"{key}\" must map a class index to a name");
            }

            labels[id] = label;
        }

        if (labels.Keys.Select((id, i) => id == i).Any(ok => !ok))
        {
            throw ModelingException.ConfigInvalid(source, $"id2label keys must be 0..{labels.Count - 1}, were {string.Join(",", labels.Keys)}");
        }

        return labels.Values.ToList();
    }
}
