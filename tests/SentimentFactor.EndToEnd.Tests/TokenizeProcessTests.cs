using SentimentFactor.Scoring.Tests;
using Xunit;

namespace SentimentFactor.EndToEnd.Tests;

/// <summary>
/// Tokenisation does not depend on ICU (docs/scoring.md, "Tokenizer and ICU"): `sf model tokenize` in a child process
/// with DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 gives the same ids as without it and as Hugging Face tokenizers.
/// </summary>
public sealed class TokenizeProcessTests
{
    private const int MaxLength = 64;

    // Accented Latin (precomposed and already decomposed), and every other script the MiniLM vocabulary covers with
    // marks that NFD splits off: Greek tonos, Cyrillic breve, Vietnamese stacked marks, Hangul syllables (to jamo),
    // kana voicing marks, Hebrew points, Arabic vowels, Devanagari, Thai; plus signs whose NFD is another letter.
    private static readonly string[] Texts =
    [
        "Café résumé naïve ÉCOLE Ångström über straße",
        "Cafe\u0301 re\u0301sume\u0301 $AAPL déçu, très élevé!",
        "Société Générale chute de 5 % après les résultats; Nestlé et L'Oréal résistent",
        "Ελληνικά: Άλφα ΏΡΑ ή όχι; русский йогурт Ёлка",
        "Tiếng Việt: cổ phiếu tăng mạnh, Đà Nẵng",
        "한국어 삼성전자 주가 상승 日本語のテキスト がぎぐげご パピプ 株価",
        "עִבְרִית מְנוּקֶּדֶת العَرَبِيَّة हिन्दी शेयर ภาษาไทย หุ้น",
        "İstanbul Borsası düştü; Ωhm \u212B \u2126 ﬁnance Ｆｕｌｌ",
        "$TSLA 🚀 über-bullish ❤️ señor niño São Paulo Zürich Kraków",
    ];

    [Fact]
    public async Task Ids_are_the_same_with_invariant_globalization_as_without_and_as_hugging_face()
    {
        var model = TestModels.Tiny("tokenize-process", maxLength: MaxLength);
        using var reference = new Tokenizers.DotNet.Tokenizer(Path.Combine(TestModels.VocabularyDirectory(MaxLength), "tokenizer.json"));
        var expected = Texts.Select(t => string.Join(' ', reference.Encode(t))).ToArray();

        var withIcu = await TokenizeAsync(model, invariant: false);
        var invariant = await TokenizeAsync(model, invariant: true);

        Assert.Equal(expected, withIcu);
        Assert.Equal(expected, invariant);
        // Every word of the first text is in the vocabulary only once its accents are gone ([UNK] is id 100).
        Assert.DoesNotContain("100", expected[0].Split(' '));
    }

    private static async Task<string[]> TokenizeAsync(string model, bool invariant)
    {
        var environment = new Dictionary<string, string> { ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = invariant ? "1" : "0" };
        using var process = SfProcess.Start(environment, ["model", "tokenize", model, .. Texts]);
        var exit = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        Assert.True(exit == 0, $"sf model tokenize exited {exit}:\n{process.Output}");
        var lines = process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.All(c => char.IsAsciiDigit(c) || c == ' '))
            .ToArray();
        Assert.True(lines.Length == Texts.Length, $"expected {Texts.Length} id lines:\n{process.Output}");
        return lines;
    }
}
