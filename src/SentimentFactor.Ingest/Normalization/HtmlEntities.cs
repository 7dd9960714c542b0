using System.Globalization;
using System.Text;

namespace SentimentFactor.Ingest.Normalization;

/// <summary>
/// Decodes the HTML entities X and StockTwits put into post text (&amp;amp; &amp;lt; &amp;gt;, also &amp;quot;
/// &amp;apos; and numeric ones such as &amp;#39; or &amp;#x1F680;) in one pass, so the model reads what the author
/// wrote: "&amp;amp;lt;" becomes "&amp;lt;", never "&lt;". Anything else starting with '&amp;' is left as it is.
/// Text without '&amp;' is returned as the same string (no allocation).
/// </summary>
public static class HtmlEntities
{
    private const int MaxEntityLength = 10; // "&#x10FFFF;"

    /// <summary>The decoded text; <paramref name="text"/> itself when it holds no entity.</summary>
    public static string Decode(string text)
    {
        var first = text.IndexOf('&', StringComparison.Ordinal);
        if (first < 0)
        {
            return text;
        }

        StringBuilder? decoded = null;
        var copied = 0;
        for (var at = first; at >= 0 && at < text.Length; at = text.IndexOf('&', at + 1))
        {
            var end = text.IndexOf(';', at + 1);
            if (end < 0)
            {
                break;
            }

            if (end - at + 1 > MaxEntityLength || !TryDecode(text.AsSpan(at + 1, end - at - 1), out var value))
            {
                continue;
            }

            decoded ??= new StringBuilder(text.Length);
            decoded.Append(text, copied, at - copied).Append(value);
            copied = end + 1;
            at = end;
        }

        return decoded is null ? text : decoded.Append(text, copied, text.Length - copied).ToString();
    }

    private static bool TryDecode(ReadOnlySpan<char> name, out string value)
    {
        value = name switch
        {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            _ => "",
        };
        if (value.Length > 0)
        {
            return true;
        }

        if (name.Length < 2 || name[0] != '#')
        {
            return false;
        }

        var hex = name[1] is 'x' or 'X';
        var digits = name[(hex ? 2 : 1)..];
        if (!int.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            || code is 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF))
        {
            return false;
        }

        value = char.ConvertFromUtf32(code);
        return true;
    }
}
