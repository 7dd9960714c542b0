namespace SentimentFactor.Modeling.Checkpoints;

/// <summary>
/// A small but real uncased WordPiece vocabulary for random checkpoints: the BERT special tokens, punctuation,
/// digits, letters and their ##continuations, common English and market words, and frequent ##suffixes. Enough to
/// tokenize ordinary finance posts without [UNK] for most words; not a trained vocabulary.
/// </summary>
public static class StarterVocabulary
{
    /// <summary>Padding token (id 0).</summary>
    public const string Pad = "[PAD]";

    /// <summary>Unknown-token token (id 1).</summary>
    public const string Unknown = "[UNK]";

    /// <summary>Classification token that starts every input (id 2).</summary>
    public const string Cls = "[CLS]";

    /// <summary>Separator token that ends every segment (id 3).</summary>
    public const string Sep = "[SEP]";

    /// <summary>Mask token (id 4).</summary>
    public const string Mask = "[MASK]";

    private const string Words = """
        the of and to a in is it you that he was for on are as with his they i at be this have from or one had by
        but not what all were we when your can said there use an each which she do how their if will up other about
        out many then them these so some her would make like him into time has look two more write go see number no
        way could people my than first been call who its now find long down day did get come made may part over new
        after also back our just only very well year years good great high low big small last next old same most
        more less much few up down buy sell hold long short call put bull bear bullish bearish market markets stock
        stocks share shares price prices trade trading trader traders investor investors fund funds bank banks rate
        rates fed inflation growth earnings revenue profit profits loss losses sales guidance quarter report reports
        beat miss beats misses estimates outlook forecast dividend split deal merger acquisition ipo debt bond bonds
        yield yields oil gold dollar euro crypto bitcoin tech energy retail china us u s economy economic jobs data
        rally crash drop drops fall falls rise rises gain gains surge surges jump jumps plunge plunges slump soar
        record strong weak higher lower up down today week month again still even never always why because while
        should would could must might shares stock index nasdaq dow s&p futures options volume close open session
        ceo company companies firm group inc corp co ltd news says say according reported announced plans cut cuts
        raise raises raised target analyst analysts upgrade downgrade rating positive negative neutral risk risks
        """;

    private const string Suffixes = "s es ed ing ly er ers est ion ions al ment ments ness able ity ive ous ful less y";

    /// <summary>The vocabulary, one token per line in id order.</summary>
    public static IReadOnlyList<string> Tokens { get; } = Build();

    private static List<string> Build()
    {
        var tokens = new List<string> { Pad, Unknown, Cls, Sep, Mask };
        var seen = new HashSet<string>(tokens, StringComparer.Ordinal);
        void Add(string token)
        {
            if (seen.Add(token))
            {
                tokens.Add(token);
            }
        }

        foreach (var c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
        {
            Add(c.ToString());
        }

        for (var c = '0'; c <= '9'; c++)
        {
            Add(c.ToString());
        }

        for (var c = 'a'; c <= 'z'; c++)
        {
            Add(c.ToString());
        }

        for (var c = '0'; c <= '9'; c++)
        {
            Add("##" + c);
        }

        for (var c = 'a'; c <= 'z'; c++)
        {
            Add("##" + c);
        }

        foreach (var word in Words.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            // Punctuation inside a word (s&p) is split off by BERT's basic tokenizer, so such words never match.
            if (word.All(char.IsLetterOrDigit))
            {
                Add(word);
            }
        }

        foreach (var suffix in Suffixes.Split(' '))
        {
            Add("##" + suffix);
        }

        return tokens;
    }
}
