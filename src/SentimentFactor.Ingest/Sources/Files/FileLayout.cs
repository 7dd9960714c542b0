using System.Text;

namespace SentimentFactor.Ingest.Sources.Files;

/// <summary>
/// How a post file was written, where that cannot be told from its content: whether a CSV file opens with a header
/// row (without one its columns are named "1", "2", ... for the field map), and the text encoding (UTF-8 unless
/// said; another encoding is converted to UTF-8 as the file is read, so every stored text is valid UTF-8).
/// </summary>
public sealed record FileLayout(bool CsvHeader = true, Encoding? Encoding = null)
{
    // Windows code pages (windows-1252, ...) are known to Encoding.GetEncoding only once this provider is registered.
    private static readonly Lazy<bool> CodePages = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    });

    /// <summary>A header row in CSV, UTF-8 text.</summary>
    public static readonly FileLayout Default = new();

    /// <summary>The encoding named <paramref name="name"/> (utf-8, latin1, windows-1252, ...), or null when .NET knows no such name.</summary>
    public static Encoding? EncodingNamed(string name)
    {
        _ = CodePages.Value;
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>True when the file must be converted to UTF-8 while read.</summary>
    public bool NeedsTranscoding => Encoding is not null && Encoding.CodePage != Encoding.UTF8.CodePage;
}
