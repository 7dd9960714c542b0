using System.Text.Json;

namespace SentimentFactor.Scoring.Tokenization;

/// <summary>
/// Writes the Hugging Face tokenizer.json of a BERT WordPiece vocabulary (BertNormalizer, BertPreTokenizer, WordPiece
/// with max_input_chars_per_word 100, [CLS] ... [SEP] template), so HF tokenizers can serve as the reference
/// for a model that ships only vocab.txt.
/// </summary>
public static class BertTokenizerJson
{
    /// <summary>The tokenizer.json text for <paramref name="vocabulary"/> (one token per entry, id = index).</summary>
    public static string FromVocabulary(IReadOnlyList<string> vocabulary, bool lowerCase, int? truncateTo = null)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var vocab = new Dictionary<string, int>();
        for (var i = 0; i < vocabulary.Count; i++)
        {
            vocab.TryAdd(vocabulary[i].TrimEnd('\r'), i);
        }

        var special = new[] { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]" }.Where(vocab.ContainsKey);
        static Dictionary<string, object> Piece(string kind, string id, int typeId) =>
            new() { [kind] = new Dictionary<string, object> { ["id"] = id, ["type_id"] = typeId } };
        var json = new Dictionary<string, object?>
        {
            ["version"] = "1.0",
            ["truncation"] = truncateTo is { } max
                ? new Dictionary<string, object> { ["direction"] = "Right", ["max_length"] = max, ["strategy"] = "LongestFirst", ["stride"] = 0 }
                : null,
            ["padding"] = null,
            ["added_tokens"] = special.Select(s => new Dictionary<string, object>
            {
                ["id"] = vocab[s],
                ["content"] = s,
                ["single_word"] = false,
                ["lstrip"] = false,
                ["rstrip"] = false,
                ["normalized"] = false,
                ["special"] = true,
            }).ToArray(),
            ["normalizer"] = new Dictionary<string, object?>
            {
                ["type"] = "BertNormalizer",
                ["clean_text"] = true,
                ["handle_chinese_chars"] = true,
                ["strip_accents"] = null,
                ["lowercase"] = lowerCase,
            },
            ["pre_tokenizer"] = new Dictionary<string, object> { ["type"] = "BertPreTokenizer" },
            ["post_processor"] = new Dictionary<string, object>
            {
                ["type"] = "TemplateProcessing",
                ["single"] = new object[] { Piece("SpecialToken", "[CLS]", 0), Piece("Sequence", "A", 0), Piece("SpecialToken", "[SEP]", 0) },
                ["pair"] = new object[]
                {
                    Piece("SpecialToken", "[CLS]", 0), Piece("Sequence", "A", 0), Piece("SpecialToken", "[SEP]", 0),
                    Piece("Sequence", "B", 1), Piece("SpecialToken", "[SEP]", 1),
                },
                ["special_tokens"] = new Dictionary<string, object>
                {
                    ["[CLS]"] = new Dictionary<string, object> { ["id"] = "[CLS]", ["ids"] = new[] { vocab.GetValueOrDefault("[CLS]") }, ["tokens"] = new[] { "[CLS]" } },
                    ["[SEP]"] = new Dictionary<string, object> { ["id"] = "[SEP]", ["ids"] = new[] { vocab.GetValueOrDefault("[SEP]") }, ["tokens"] = new[] { "[SEP]" } },
                },
            },
            ["decoder"] = new Dictionary<string, object> { ["type"] = "WordPiece", ["prefix"] = "##", ["cleanup"] = true },
            ["model"] = new Dictionary<string, object>
            {
                ["type"] = "WordPiece",
                ["unk_token"] = "[UNK]",
                ["continuing_subword_prefix"] = "##",
                ["max_input_chars_per_word"] = 100,
                ["vocab"] = vocab,
            },
        };
        return JsonSerializer.Serialize(json);
    }
}
