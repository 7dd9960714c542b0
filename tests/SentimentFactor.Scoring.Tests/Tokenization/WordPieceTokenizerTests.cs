using SentimentFactor.Scoring.Tokenization;

namespace SentimentFactor.Scoring.Tests.Tokenization;

public sealed class WordPieceTokenizerTests
{
    private const int MaxLength = 32;

    // Tricky posts: cashtags, URLs, emoji (incl. ZWJ/variation selectors), accents, CJK, fullwidth, ligatures,
    // control and zero-width characters, contractions, empty and blank strings, and one far over max length.
    public static TheoryData<string> TrickyTexts() => new()
    {
        "$AAPL to the moon 🚀🚀 https://t.co/AbC123?x=1&y=2",
        "Café résumé naïve ÉCOLE",
        "腾讯控股 $TCEHY 涨了",
        "",
        "   ",
        "$TSLA -5.3% after-hours; #earnings beat?! @elonmusk",
        "I ❤️ $NVDA!!! 👨‍👩‍👧",
        "über straße Ångström",
        "don't won't can't",
        "\u00adsoft\u200bhyphen\u0007ctrl\ttab\r\nnewline",
        "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ ﬁnance",
        "BTC/USD 100k 💎🙌 (+12.5%) $btc.x",
        "Ελληνικά и русский текст 한국어 日本語のテキスト",
        "supercalifragilisticexpialidocious" + new string('x', 120),
        "hash 0x" + new string('a', 99) + " and 0x" + new string('b', 101) + "/path?q=" + new string('c', 150) + " end",
        string.Join(' ', Enumerable.Repeat("$SPY dumping hard today, puts printing", 20)),
    };

    [Theory]
    [MemberData(nameof(TrickyTexts))]
    public void Ids_match_hugging_face_tokenizers_on_tricky_text(string text)
    {
        var dir = TestModels.VocabularyDirectory(MaxLength);
        var tokenizer = WordPieceTokenizer.Load(Path.Combine(dir, "vocab.txt"), lowerCase: true, MaxLength);
        using var reference = new Tokenizers.DotNet.Tokenizer(Path.Combine(dir, "tokenizer.json"));

        var expected = reference.Encode(text).Select(id => (long)id).ToArray();
        var actual = tokenizer.Encode(text);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Golden_ids_for_a_cashtag_post_with_emoji_and_url()
    {
        var tokenizer = WordPieceTokenizer.Load(Path.Combine(TestModels.VocabularyDirectory(MaxLength), "vocab.txt"), lowerCase: true, 64);

        var ids = tokenizer.Encode("$AAPL to the moon 🚀 https://t.co/x");

        // [CLS] $ aa ##pl to the moon [UNK] https : / / t . co / x [SEP]
        Assert.Equal([101, 1002, 9779, 24759, 2000, 1996, 4231, 100, 16770, 1024, 1013, 1013, 1056, 1012, 2522, 1013, 1060, 102], ids);
    }

    [Fact]
    public void Empty_text_becomes_cls_sep()
    {
        var tokenizer = WordPieceTokenizer.Load(Path.Combine(TestModels.VocabularyDirectory(MaxLength), "vocab.txt"), lowerCase: true, MaxLength);

        Assert.Equal([101, 102], tokenizer.Encode(""));
        Assert.Equal([101, 102], tokenizer.Encode(" \t\n "));
    }

    [Fact]
    public void Overlong_text_is_truncated_to_max_length_with_sep_last()
    {
        var tokenizer = WordPieceTokenizer.Load(Path.Combine(TestModels.VocabularyDirectory(MaxLength), "vocab.txt"), lowerCase: true, MaxLength);

        var ids = tokenizer.Encode(string.Join(' ', Enumerable.Repeat("$NVDA breaking out", 100)));

        Assert.Equal(MaxLength, ids.Length);
        Assert.Equal(101, ids[0]);
        Assert.Equal(102, ids[^1]);
    }

    [Fact]
    public void Tokenizer_json_gives_the_same_ids_as_vocab_txt()
    {
        var dir = TestModels.VocabularyDirectory(MaxLength);
        var fromVocab = WordPieceTokenizer.Load(Path.Combine(dir, "vocab.txt"), lowerCase: true, MaxLength);
        var fromJson = WordPieceTokenizer.Load(Path.Combine(dir, "tokenizer.json"), lowerCase: true, MaxLength);

        foreach (var text in ((IEnumerable<object[]>)TrickyTexts()).Select(row => (string)row[0]))
        {
            Assert.Equal(fromVocab.Encode(text), fromJson.Encode(text));
        }

        Assert.Equal(30_522, fromJson.VocabSize);
        Assert.Equal(30_522, fromVocab.VocabSize);
    }

    [Fact]
    public void Unreadable_vocabulary_is_a_clear_error()
    {
        var dir = TestModels.TempDirectory("badvocab");
        var path = Path.Combine(dir, "tokenizer.json");
        File.WriteAllText(path, "{ not json");

        var error = Assert.Throws<ScoringException>(() => WordPieceTokenizer.Load(path, lowerCase: true, MaxLength));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
