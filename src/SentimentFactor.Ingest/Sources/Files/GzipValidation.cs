using System.IO.Compression;

namespace SentimentFactor.Ingest.Sources.Files;

/// <summary>
/// Makes a gzip stream that ends early fail instead of looking like a shorter file. .NET's GZipStream returns end of
/// stream at a cut by default; with the AppContext switch <c>System.IO.Compression.UseStrictValidation</c> it throws
/// <see cref="InvalidDataException"/> ("truncated data"), and still reads concatenated members. The switch is read once
/// per process, so hosts set it in their runtimeconfig (the sf CLI and the test projects do); this class sets it too
/// when the host did not, and checks once, on a cut sample, that it took effect.
/// </summary>
internal static class GzipValidation
{
    private const string StrictSwitch = "System.IO.Compression.UseStrictValidation";
    private static readonly Lazy<string?> Probe = new(ProbeTruncation);

    /// <summary>True when this process detects a cut gzip stream (false only if the host turned the switch off).</summary>
    public static bool DetectsTruncation => Probe.Value is not null;

    /// <summary>True when <paramref name="error"/> from a gzip read means the stream was cut, false for other damage.</summary>
    public static bool IsTruncation(InvalidDataException error) =>
        Probe.Value is { } truncated && string.Equals(error.Message, truncated, StringComparison.Ordinal);

    // Compresses one line, cuts the trailer off, and returns the message reading it gives (null: no error at all).
    private static string? ProbeTruncation()
    {
        if (!AppContext.TryGetSwitch(StrictSwitch, out _))
        {
            AppContext.SetSwitch(StrictSwitch, true);
        }

        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write("{}\n"u8);
        }

        var cut = compressed.ToArray()[..^4];
        try
        {
            using var reader = new GZipStream(new MemoryStream(cut), CompressionMode.Decompress);
            reader.CopyTo(Stream.Null);
            return null;
        }
        catch (InvalidDataException ex)
        {
            return ex.Message;
        }
    }
}
