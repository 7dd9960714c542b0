namespace SentimentFactor.Ingest.Normalization;

/// <summary>
/// Finds cashtags in post text: '$' + 1-6 letters, optionally a share-class suffix after '.' or '-'
/// (1-2 letters: $BRK.B, $BTC.X), not preceded by a letter/digit/'$' and not followed by one.
/// "$5", "$100M" and "US$20" are prices, not tickers. Results are upper-case, without '$', first-seen order.
/// </summary>
public static class Cashtags
{
    private const int MaxTickerLetters = 6;
    private const int MaxSuffixLetters = 2;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> InternTable = new(StringComparer.Ordinal);

    /// <summary>Adds each ticker of <paramref name="text"/> to <paramref name="symbols"/> unless already there.</summary>
    public static void Extract(ReadOnlySpan<char> text, List<string> symbols)
    {
        var at = text.IndexOf('$');
        while (at >= 0)
        {
            var end = Match(text, at);
            if (end > 0 && IsCutAtTheEnd(text, end))
            {
                // docs/ingest.md: "$AA…" at the end of a cut retweet is the start of some ticker, not AA.
                return;
            }

            if (end > 0)
            {
                Add(symbols, text[(at + 1)..end]);
                at = end;
            }
            else
            {
                at++;
            }

            var next = text[at..].IndexOf('$');
            at = next < 0 ? -1 : at + next;
        }
    }

    /// <summary>The tickers of <paramref name="text"/> (convenience for tests and one-offs).</summary>
    public static IReadOnlyList<string> Extract(string text)
    {
        var symbols = new List<string>();
        Extract(text, symbols);
        return symbols;
    }

    /// <summary>
    /// The ticker of a final token cut by the platform ("…adding more $AA…" gives "AA"), empty when the text does not
    /// end that way: an entity the source tagged from that token is not a ticker either.
    /// </summary>
    public static ReadOnlySpan<char> CutFinalTicker(ReadOnlySpan<char> text)
    {
        text = text.TrimEnd();
        if (text.Length < 3 || text[^1] != '…')
        {
            return [];
        }

        var start = text.LastIndexOfAny(' ', '\n', '\t') + 1;
        var token = text[start..^1];
        return token.Length > 1 && token[0] == '$' && Match(text, start) == text.Length - 1 ? token[1..] : [];
    }

    /// <summary>Adds one ticker from an entity (e.g. "aapl", "$TSLA"), upper-cased, unless already there.</summary>
    public static void AddEntity(List<string> symbols, string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return;
        }

        var span = tag.AsSpan().Trim();
        if (span.Length > 0 && span[0] == '$')
        {
            span = span[1..];
        }

        if (span.Length is > 0 and <= 16)
        {
            Add(symbols, span);
        }
    }

    private static int Match(ReadOnlySpan<char> text, int dollar)
    {
        if (dollar > 0 && (char.IsLetterOrDigit(text[dollar - 1]) || text[dollar - 1] == '$'))
        {
            return 0;
        }

        var i = dollar + 1;
        while (i < text.Length && i - dollar - 1 < MaxTickerLetters && char.IsAsciiLetter(text[i]))
        {
            i++;
        }

        var letters = i - dollar - 1;
        if (letters == 0 || (i < text.Length && IsWordChar(text[i]) && !(text[i] is '.' or '-')))
        {
            return 0;
        }

        if (i + 1 < text.Length && text[i] is '.' or '-' && char.IsAsciiLetter(text[i + 1]))
        {
            var j = i + 1;
            while (j < text.Length && j - i - 1 < MaxSuffixLetters && char.IsAsciiLetter(text[j]))
            {
                j++;
            }

            if (j >= text.Length || !IsWordChar(text[j]))
            {
                return j;
            }
        }

        return i;
    }

    // Tickers repeat endlessly: one string per ticker instead of one per mention (bounded table).
    private static string Intern(ReadOnlySpan<char> ticker)
    {
        var lookup = InternTable.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(ticker, out var known))
        {
            return known;
        }

        var created = new string(ticker);
        if (InternTable.Count < 50_000)
        {
            InternTable.TryAdd(created, created);
        }

        return created;
    }

    // The token ends in "…" and only white space follows: the platform cut the text there.
    private static bool IsCutAtTheEnd(ReadOnlySpan<char> text, int end) =>
        end < text.Length && text[end] == '…' && text[(end + 1)..].IsWhiteSpace();

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static void Add(List<string> symbols, ReadOnlySpan<char> ticker)
    {
        Span<char> upper = stackalloc char[ticker.Length];
        ticker.ToUpperInvariant(upper);
        foreach (var existing in symbols)
        {
            if (upper.SequenceEqual(existing))
            {
                return;
            }
        }

        symbols.Add(Intern(upper));
    }
}
