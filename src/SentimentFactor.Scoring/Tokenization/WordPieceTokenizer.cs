using System.Text.Json;
using FastBertTokenizer;

namespace SentimentFactor.Scoring.Tokenization;

/// <summary>
/// BERT WordPiece from a model's vocab.txt or tokenizer.json, on FastBertTokenizer (chosen by measurement, see
/// docs/scoring.md): [CLS] text [SEP], lower-casing and accent stripping when the model is uncased, truncated to the
/// model's max length with [SEP] kept last. Matches Hugging Face tokenizers on the golden cases in the tests.
/// One instance is used by one thread at a time.
/// </summary>
public sealed class WordPieceTokenizer
{
    private readonly BertTokenizer _tokenizer;
    private readonly long[] _maskScratch;
    private readonly bool _stripAccents;

    private WordPieceTokenizer(BertTokenizer tokenizer, bool lowerCase, int vocabSize, int maxLength)
    {
        _tokenizer = tokenizer;
        _stripAccents = lowerCase;
        VocabSize = vocabSize;
        MaxLength = maxLength;
        _maskScratch = new long[maxLength];
    }

    /// <summary>Tokens in the vocabulary.</summary>
    public int VocabSize { get; }

    /// <summary>Most tokens one text becomes, [CLS] and [SEP] included.</summary>
    public int MaxLength { get; }

    /// <summary>Loads vocab.txt (one token a line) or tokenizer.json; throws <see cref="ScoringException"/> when unreadable.</summary>
    public static WordPieceTokenizer Load(string vocabularyPath, bool lowerCase, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 3);
        var tokenizer = new BertTokenizer();
        int vocabSize;
        try
        {
            if (vocabularyPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                using (var stream = File.OpenRead(vocabularyPath))
                {
                    tokenizer.LoadTokenizerJson(stream);
                }

                using var document = JsonDocument.Parse(File.ReadAllBytes(vocabularyPath));
                vocabSize = document.RootElement.GetProperty("model").GetProperty("vocab").EnumerateObject().Count();
            }
            else
            {
                using (var reader = File.OpenText(vocabularyPath))
                {
                    tokenizer.LoadVocabulary(reader, lowerCase);
                }

                vocabSize = File.ReadLines(vocabularyPath).Count();
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or JsonException or KeyNotFoundException or ArgumentException or FormatException)
        {
            throw ScoringException.VocabUnreadable(vocabularyPath, e);
        }

        return new WordPieceTokenizer(tokenizer, lowerCase, vocabSize, maxLength);
    }

    /// <summary>Builds a tokenizer from vocab.txt content (an embedded vocabulary).</summary>
    public static WordPieceTokenizer FromVocabularyText(string vocabulary, bool lowerCase, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 3);
        var tokenizer = new BertTokenizer();
        using (var reader = new StringReader(vocabulary))
        {
            tokenizer.LoadVocabulary(reader, lowerCase);
        }

        var size = 0;
        using (var reader = new StringReader(vocabulary))
        {
            while (reader.ReadLine() is not null)
            {
                size++;
            }
        }

        return new WordPieceTokenizer(tokenizer, lowerCase, size, maxLength);
    }

    /// <summary>
    /// Writes the ids of <paramref name="text"/> into <paramref name="ids"/> (at least <see cref="MaxLength"/> long)
    /// and returns how many were written; an empty text gives [CLS] [SEP].
    /// </summary>
    public int Encode(string text, Span<long> ids)
    {
        if (ids.Length < MaxLength)
        {
            throw new ArgumentException($"The id buffer holds {ids.Length} tokens, fewer than the max length {MaxLength}.", nameof(ids));
        }

        // Uncased models strip accents (as HF's BertNormalizer does when lower-casing); done here rather than left to
        // FastBertTokenizer, whose string.Normalize is a no-op under invariant globalization (docs/scoring.md).
        var normalized = _stripAccents ? AccentStripper.Normalize(text) : text;
        return _tokenizer.Encode(GuardLongWords(normalized), ids[..MaxLength], _maskScratch);
    }

    // BERT's WordPiece turns a word of more than 100 characters into one [UNK] (max_input_chars_per_word);
    // FastBertTokenizer splits it into pieces instead. Such words (hex blobs, base64 in URLs) are replaced by one
    // emoji that is not in the vocabulary (both tokenizers give [UNK] for it), so both give the same ids.
    private const int MaxCharsPerWord = 100;
    private const string UnknownCharacter = "\U0001F680";

    internal static string GuardLongWords(string text)
    {
        if (text.Length <= MaxCharsPerWord)
        {
            return text;
        }

        System.Text.StringBuilder? result = null;
        var wordStart = 0;
        var wordChars = 0;
        var copied = 0;
        var i = 0;
        while (i <= text.Length)
        {
            var boundary = i == text.Length;
            var width = 1;
            if (!boundary)
            {
                System.Text.Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out width);
                boundary = System.Text.Rune.IsWhiteSpace(rune) || IsBertPunctuation(rune) || IsCjk(rune.Value);
            }

            if (boundary)
            {
                if (wordChars > MaxCharsPerWord)
                {
                    result ??= new System.Text.StringBuilder(text.Length);
                    result.Append(text, copied, wordStart - copied).Append(UnknownCharacter);
                    copied = i;
                }

                wordStart = i + width;
                wordChars = 0;
            }
            else
            {
                wordChars++;
            }

            i += width;
        }

        return result is null ? text : result.Append(text, copied, text.Length - copied).ToString();
    }

    // As BERT's _is_punctuation: ASCII symbols count as punctuation too.
    private static bool IsBertPunctuation(System.Text.Rune rune)
    {
        var c = rune.Value;
        if (c is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126)
        {
            return true;
        }

        return System.Text.Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.ConnectorPunctuation
            or System.Globalization.UnicodeCategory.DashPunctuation or System.Globalization.UnicodeCategory.OpenPunctuation
            or System.Globalization.UnicodeCategory.ClosePunctuation or System.Globalization.UnicodeCategory.InitialQuotePunctuation
            or System.Globalization.UnicodeCategory.FinalQuotePunctuation or System.Globalization.UnicodeCategory.OtherPunctuation;
    }

    // As BERT's _is_chinese_char: each CJK ideograph is its own word.
    private static bool IsCjk(int c) =>
        c is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF or >= 0x2A700 and <= 0x2B73F
            or >= 0x2B740 and <= 0x2B81F or >= 0x2B820 and <= 0x2CEAF or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;

    /// <summary>The ids of <paramref name="text"/> as a new array (tests and tools; scoring uses the span overload).</summary>
    public long[] Encode(string text)
    {
        var buffer = new long[MaxLength];
        return buffer[..Encode(text, buffer)];
    }
}
