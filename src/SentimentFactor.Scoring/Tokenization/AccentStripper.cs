using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace SentimentFactor.Scoring.Tokenization;

/// <summary>
/// BERT's uncased normalisation (NFD, drop non-spacing marks, lower-case) done without ICU, so that the same text gives
/// the same ids with and without <c>DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1</c> (docs/scoring.md, "Tokenizer and
/// ICU"). Under invariant globalization <see cref="string.Normalize()"/> leaves text unchanged, so "café" would stay
/// accented and become [UNK]; here decomposition comes from an embedded table (CanonicalDecompositions.txt) plus the
/// Hangul algorithm, and categories and casing from CoreLib's own Unicode data, which needs no ICU.
/// Canonical reordering of combining marks is skipped: the non-spacing ones are dropped anyway.
/// </summary>
public static class AccentStripper
{
    private const int HangulBase = 0xAC00, HangulCount = 11_172, LeadBase = 0x1100, VowelBase = 0x1161, TrailBase = 0x11A7;
    private const int VowelCount = 21, TrailCount = 28;

    private static readonly FrozenDictionary<int, string> Decompositions = LoadDecompositions();

    /// <summary>
    /// <paramref name="text"/> decomposed (NFD), without non-spacing marks, lower-cased; ASCII-only text is returned
    /// as it is (the tokenizer lower-cases ASCII itself). Unpaired surrogates are kept.
    /// </summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Ascii.IsValid(text))
        {
            return text;
        }

        var result = new StringBuilder(text.Length + 8);
        var i = 0;
        while (i < text.Length)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var width) != System.Buffers.OperationStatus.Done)
            {
                result.Append(text[i]);
                i++;
                continue;
            }

            i += width;
            var c = rune.Value;
            if (c < 0x80)
            {
                result.Append((char)c);
            }
            else if (c - HangulBase is >= 0 and < HangulCount)
            {
                // Unicode 3.12 Conjoining Jamo Behavior: a syllable decomposes to leading consonant, vowel, trailing consonant.
                var index = c - HangulBase;
                result.Append((char)(LeadBase + index / (VowelCount * TrailCount)));
                result.Append((char)(VowelBase + index % (VowelCount * TrailCount) / TrailCount));
                if (index % TrailCount != 0)
                {
                    result.Append((char)(TrailBase + index % TrailCount));
                }
            }
            else if (Decompositions.TryGetValue(c, out var decomposed))
            {
                foreach (var part in decomposed.EnumerateRunes())
                {
                    AppendUnlessMark(result, part);
                }
            }
            else
            {
                AppendUnlessMark(result, rune);
            }
        }

        return result.ToString();
    }

    private static void AppendUnlessMark(StringBuilder result, Rune rune)
    {
        if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.NonSpacingMark)
        {
            result.Append(Rune.ToLowerInvariant(rune));
        }
    }

    private static FrozenDictionary<int, string> LoadDecompositions()
    {
        using var stream = typeof(AccentStripper).Assembly.GetManifestResourceStream("SentimentFactor.Scoring.Tokenization.CanonicalDecompositions.txt")
            ?? throw new InvalidOperationException("The embedded resource CanonicalDecompositions.txt is missing from SentimentFactor.Scoring.");
        using var reader = new StreamReader(stream);
        var table = new Dictionary<int, string>(2_100);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var parts = line.Split(' ');
            var decomposed = new StringBuilder(parts.Length * 2);
            for (var p = 1; p < parts.Length; p++)
            {
                decomposed.Append(new Rune(int.Parse(parts[p], NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }

            table[int.Parse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture)] = decomposed.ToString();
        }

        return table.ToFrozenDictionary();
    }
}
