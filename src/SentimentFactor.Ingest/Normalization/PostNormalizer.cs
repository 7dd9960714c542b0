using System.Text;
using SentimentFactor.Core.Records;

namespace SentimentFactor.Ingest.Normalization;

/// <summary>
/// The checks and clean-up every source shares: id and time present, time readable and plausible (to UTC),
/// text valid Unicode without NUL, fields within their size limits, cashtags to symbols. A record that fails
/// becomes a reject with a reason code; the caller supplies the raw bytes for it.
/// </summary>
public sealed class PostNormalizer
{
    /// <summary>Earliest plausible post time (before any of the supported platforms existed).</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly IngestOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly List<string> _symbols = [];

    /// <summary>Creates a normaliser with the stage's limits; <paramref name="timeProvider"/> bounds "from the future".</summary>
    public PostNormalizer(IngestOptions options, TimeProvider timeProvider)
    {
        _options = options;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Turns <paramref name="raw"/> into a post of <paramref name="source"/>, or returns null and sets
    /// <paramref name="reason"/> to the reject reason code.
    /// </summary>
    public PostRecord? Normalize(string source, RawPost raw, out string? reason)
    {
        reason = Check(raw, out var createdAt);
        if (reason is not null)
        {
            return null;
        }

        // docs/ingest.md, "Text for scoring": the model reads the decoded text; the raw one is kept when it differs.
        var text = HtmlEntities.Decode(raw.Text!);
        _symbols.Clear();
        var cut = Cashtags.CutFinalTicker(text);
        foreach (var entity in raw.EntitySymbols)
        {
            if (cut.IsEmpty || !cut.Equals(entity.AsSpan().TrimStart('$'), StringComparison.OrdinalIgnoreCase))
            {
                Cashtags.AddEntity(_symbols, entity);
            }
        }

        Cashtags.Extract(text, _symbols);
        if (raw.OriginalText is { } original)
        {
            Cashtags.Extract(HtmlEntities.Decode(original), _symbols);
        }

        var symbols = _symbols.Count == 0 ? [] : _symbols.ToArray();
        var lang = string.IsNullOrWhiteSpace(raw.Lang) ? null : raw.Lang.Trim();
        var author = string.IsNullOrEmpty(raw.AuthorId) ? null : raw.AuthorId;
        var label = string.IsNullOrWhiteSpace(raw.UserLabel) ? null : raw.UserLabel.Trim();
        var kind = raw.Kind ?? (IsRetweetText(text) ? PostKinds.Retweet : PostKinds.Original);
        var reference = string.IsNullOrWhiteSpace(raw.RefPostId) ? null : raw.RefPostId.Trim();
        return new PostRecord(source, raw.Id!.Trim(), createdAt, author, lang, text, symbols, label, kind, reference, ReferenceEquals(text, raw.Text) ? null : raw.Text);
    }

    /// <summary>
    /// The rule for input without structure (and for rows stored before migration 060): a text that starts with
    /// "RT @name:" (name: 1-15 letters, digits or '_', as X allows) is a retweet.
    /// </summary>
    public static bool IsRetweetText(ReadOnlySpan<char> text)
    {
        if (!text.StartsWith("RT @", StringComparison.Ordinal))
        {
            return false;
        }

        var i = 4;
        while (i < text.Length && i - 4 < 15 && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        return i > 4 && i < text.Length && text[i] == ':';
    }

    private string? Check(RawPost raw, out DateTimeOffset createdAt)
    {
        createdAt = default;
        if (string.IsNullOrWhiteSpace(raw.Id))
        {
            return "missing_id";
        }

        if (raw.Text is null)
        {
            return "missing_text";
        }

        if (TooLong(raw.Id, _options.MaxFieldBytes))
        {
            return "field_too_long:id";
        }

        if (TooLong(raw.AuthorId, _options.MaxFieldBytes))
        {
            return "field_too_long:author_id";
        }

        if (TooLong(raw.Lang, _options.MaxFieldBytes))
        {
            return "field_too_long:lang";
        }

        if (TooLong(raw.UserLabel, _options.MaxFieldBytes))
        {
            return "field_too_long:user_label";
        }

        if (TooLong(raw.Text, _options.MaxTextBytes))
        {
            return "field_too_long:text";
        }

        if (raw.CreatedAt is { } given)
        {
            createdAt = given.ToUniversalTime();
        }
        else if (string.IsNullOrWhiteSpace(raw.CreatedAtText))
        {
            return "missing_created_at";
        }
        else
        {
            switch (Timestamps.TryParse(raw.CreatedAtText, _options.AssumeUtcWithoutOffset, out createdAt))
            {
                case Timestamps.Result.Invalid:
                    return "bad_created_at";
                case Timestamps.Result.NoOffset:
                    return "created_at_without_offset";
            }
        }

        if (createdAt < Earliest || createdAt > _timeProvider.GetUtcNow().AddDays(1))
        {
            return "created_at_out_of_range";
        }

        // PostgreSQL text cannot hold NUL; JSON "\ud800" escapes give lone surrogates that are not valid UTF-8.
        if (HasNul(raw.Text) || HasNul(raw.Id) || HasNul(raw.AuthorId) || HasNul(raw.Lang))
        {
            return "nul_character";
        }

        if (!IsValidUtf16(raw.Text) || !IsValidUtf16(raw.Id) || !IsValidUtf16(raw.AuthorId))
        {
            return "invalid_unicode";
        }

        return null;
    }

    private static bool TooLong(string? value, int maxBytes) =>
        value is not null && value.Length > maxBytes / 3 && Encoding.UTF8.GetByteCount(value) > maxBytes;

    private static bool HasNul(string? value) => value is not null && value.Contains('\0', StringComparison.Ordinal);

    private static bool IsValidUtf16(string? value)
    {
        if (value is null || value.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            return true;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
