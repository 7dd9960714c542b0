namespace SentimentFactor.Modeling.Checkpoints;

/// <summary>Element types of the safetensors format, with their sizes in bytes.</summary>
public static class SafetensorsDType
{
    /// <summary>32-bit IEEE float.</summary>
    public const string F32 = "F32";

    /// <summary>16-bit IEEE float.</summary>
    public const string F16 = "F16";

    /// <summary>bfloat16 (the upper half of an F32).</summary>
    public const string BF16 = "BF16";

    /// <summary>64-bit IEEE float.</summary>
    public const string F64 = "F64";

    private static readonly Dictionary<string, int> Sizes = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 1,
        ["U8"] = 1,
        ["I8"] = 1,
        ["F8_E5M2"] = 1,
        ["F8_E4M3"] = 1,
        ["I16"] = 2,
        ["U16"] = 2,
        [F16] = 2,
        [BF16] = 2,
        ["I32"] = 4,
        ["U32"] = 4,
        [F32] = 4,
        ["I64"] = 8,
        ["U64"] = 8,
        [F64] = 8,
    };

    /// <summary>Size of one element in bytes, or null for a dtype the format does not define.</summary>
    public static int? SizeOf(string dtype) => Sizes.TryGetValue(dtype, out var size) ? size : null;

    /// <summary>Whether <see cref="SafetensorsReader.ReadFloat32Async"/> can convert this dtype.</summary>
    public static bool IsFloatingPoint(string dtype) => dtype is F32 or F16 or BF16 or F64;
}
