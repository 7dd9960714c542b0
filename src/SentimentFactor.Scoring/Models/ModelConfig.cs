using System.Text.Json;
using System.Text.Json.Nodes;

namespace SentimentFactor.Scoring.Models;

/// <summary>What the scoring engine reads from a model's config.json (Hugging Face style).</summary>
/// <param name="Labels">Label names by output index (id2label).</param>
/// <param name="MaxLength">Most tokens per post including [CLS] and [SEP]; longer posts are truncated.</param>
/// <param name="LowerCase">Whether the tokenizer lower-cases (and strips accents), as do_lower_case.</param>
/// <param name="VocabSize">vocab_size when the config gives it, to catch a vocabulary of another model.</param>
/// <param name="Name">A display name (name or _name_or_path), or null.</param>
/// <param name="Raw">The whole config, stored in sf.models.config.</param>
public sealed record ModelConfig(
    IReadOnlyList<string> Labels, int MaxLength, bool LowerCase, int? VocabSize, string? Name, JsonObject Raw)
{
    /// <summary>The arithmetic precision config.json records ("int8" for `sf model quantize` output), else "fp32".</summary>
    public string Precision => Raw["precision"] is JsonValue value && value.TryGetValue<string>(out var precision) ? precision : "fp32";

    /// <summary>Reads and checks config.json (and tokenizer_config.json beside it for do_lower_case).</summary>
    public static ModelConfig Load(string path)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw ScoringException.ConfigInvalid(path, "the file is not a JSON object");
        }
        catch (JsonException e)
        {
            throw ScoringException.ConfigInvalid(path, $"invalid JSON ({e.Message})");
        }

        if (root["id2label"] is not JsonObject id2label || id2label.Count == 0)
        {
            throw ScoringException.ConfigInvalid(path, "no id2label object");
        }

        var labels = new string[id2label.Count];
        foreach (var (key, value) in id2label)
        {
            if (!int.TryParse(key, out var id) || id < 0 || id >= labels.Length || labels[id] is not null)
            {
                throw ScoringException.ConfigInvalid(path, $"id2label key '{key}' is not one of 0..{labels.Length - 1}");
            }

            labels[id] = value?.GetValue<string>() ?? "";
        }

        var maxLength = Int(root, "max_length") ?? Int(root, "max_seq_length") ?? Int(root, "model_max_length")
            ?? Int(root, "max_position_embeddings")
            ?? throw ScoringException.ConfigInvalid(path, "neither max_length nor max_position_embeddings is given");
        if (maxLength is < 3 or > 65_536)
        {
            throw ScoringException.ConfigInvalid(path, $"max length {maxLength} is outside 3..65536");
        }

        var lowerCase = Bool(root, "do_lower_case");
        var tokenizerConfig = Path.Combine(Path.GetDirectoryName(path) ?? ".", "tokenizer_config.json");
        if (lowerCase is null && File.Exists(tokenizerConfig)
            && JsonNode.Parse(File.ReadAllText(tokenizerConfig)) is JsonObject tokenizerRoot)
        {
            lowerCase = Bool(tokenizerRoot, "do_lower_case");
        }

        var name = root["name"]?.GetValue<string>() ?? root["_name_or_path"]?.GetValue<string>();
        // Uncased BERT is the common case; a cased model says do_lower_case=false in one of its configs.
        return new ModelConfig(labels, maxLength, lowerCase ?? true, Int(root, "vocab_size"), name, root);
    }

    private static int? Int(JsonObject root, string key) =>
        root[key] is JsonValue value && value.TryGetValue<int>(out var result) ? result : null;

    private static bool? Bool(JsonObject root, string key) =>
        root[key] is JsonValue value && value.TryGetValue<bool>(out var result) ? result : null;
}
