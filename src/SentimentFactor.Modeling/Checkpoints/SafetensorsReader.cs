using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace SentimentFactor.Modeling.Checkpoints;

/// <summary>
/// Reads one .safetensors file: an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
/// shape and byte range, then the raw little-endian data. The header is validated in full when the file is
/// opened (sizes agree with shapes, ranges lie inside the file and do not overlap), so a truncated file or a
/// header that lies fails before any weight is used. Dispose closes the file handle.
/// </summary>
public sealed class SafetensorsReader : IDisposable
{
    /// <summary>Largest header accepted, in bytes (the format's own limit is 100 MB).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private const int ChunkBytes = 1 << 22;

    private readonly SafeFileHandle _handle;
    private readonly Dictionary<string, SafetensorsTensorInfo> _tensors;
    private readonly long _dataStart;

    private SafetensorsReader(string path, SafeFileHandle handle, Dictionary<string, SafetensorsTensorInfo> tensors,
        IReadOnlyDictionary<string, string> metadata, long dataStart)
    {
        Path = path;
        _handle = handle;
        _tensors = tensors;
        Metadata = metadata;
        _dataStart = dataStart;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The header's free-form __metadata__ entries (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Every tensor in the file, in header order.</summary>
    public IReadOnlyCollection<SafetensorsTensorInfo> Tensors => _tensors.Values;

    /// <summary>Opens and validates <paramref name="path"/>; throws <see cref="ModelingException"/> on a bad file.</summary>
    public static SafetensorsReader Open(string path)
    {
        if (!File.Exists(path))
        {
            throw ModelingException.FileMissing(path, "Check the checkpoint folder.");
        }

        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        try
        {
            var fileLength = RandomAccess.GetLength(handle);
            if (fileLength < 8)
            {
                throw ModelingException.SafetensorsTruncated(path, 8, fileLength);
            }

            Span<byte> prefix = stackalloc byte[8];
            RandomAccess.Read(handle, prefix, 0);
            var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
            if (headerLength > MaxHeaderBytes)
            {
                throw ModelingException.SafetensorsBadHeader(path, $"header length {headerLength} bytes exceeds the format's limit of {MaxHeaderBytes}");
            }

            if (8 + (long)headerLength > fileLength)
            {
                throw ModelingException.SafetensorsTruncated(path, 8 + (long)headerLength, fileLength);
            }

            var header = new byte[headerLength];
            RandomAccess.Read(handle, header, 8);
            var dataStart = 8 + (long)headerLength;
            var (tensors, metadata) = ParseHeader(path, header, fileLength - dataStart);
            return new SafetensorsReader(path, handle, tensors, metadata, dataStart);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Whether the file holds a tensor of this name.</summary>
    public bool Contains(string name) => _tensors.ContainsKey(name);

    /// <summary>The header entry of <paramref name="name"/>, or null when absent.</summary>
    public SafetensorsTensorInfo? Find(string name) => _tensors.GetValueOrDefault(name);

    /// <summary>
    /// Reads tensor <paramref name="name"/> converted to float32 (from F32, F16, BF16 or F64), row-major.
    /// Cancelling abandons the read.
    /// </summary>
    public async Task<float[]> ReadFloat32Async(string name, CancellationToken cancellationToken)
    {
        var info = _tensors.GetValueOrDefault(name) ?? throw new KeyNotFoundException($"Tensor {name} is not in {Path}.");
        if (!SafetensorsDType.IsFloatingPoint(info.DType))
        {
            throw ModelingException.SafetensorsUnsupportedDType(Path, name, info.DType);
        }

        var count = checked((int)info.ElementCount);
        var result = new float[count];
        var elementSize = SafetensorsDType.SizeOf(info.DType)!.Value;
        var chunkElements = ChunkBytes / elementSize;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            for (var first = 0; first < count; first += chunkElements)
            {
                var n = Math.Min(chunkElements, count - first);
                var bytes = buffer.AsMemory(0, n * elementSize);
                await ReadExactlyAsync(bytes, _dataStart + info.Begin + ((long)first * elementSize), cancellationToken);
                Convert(info.DType, bytes.Span, result.AsSpan(first, n));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return result;
    }

    /// <summary>The raw little-endian bytes of tensor <paramref name="name"/> (any dtype), for callers that decode integers.</summary>
    public async Task<byte[]> ReadBytesAsync(string name, CancellationToken cancellationToken)
    {
        var info = _tensors.GetValueOrDefault(name) ?? throw new KeyNotFoundException($"Tensor {name} is not in {Path}.");
        var bytes = new byte[checked((int)(info.End - info.Begin))];
        await ReadExactlyAsync(bytes, _dataStart + info.Begin, cancellationToken);
        return bytes;
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    internal static void Convert(string dtype, ReadOnlySpan<byte> bytes, Span<float> result)
    {
        switch (dtype)
        {
            case SafetensorsDType.F32 when BitConverter.IsLittleEndian:
                MemoryMarshal.Cast<byte, float>(bytes).CopyTo(result);
                break;
            case SafetensorsDType.F32:
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
                }

                break;
            case SafetensorsDType.F16:
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(2 * i)..]);
                }

                break;
            case SafetensorsDType.BF16:
                for (var i = 0; i < result.Length; i++)
                {
                    // bfloat16 is the upper 16 bits of an IEEE float32.
                    result[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]) << 16);
                }

                break;
            case SafetensorsDType.F64:
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not a floating-point dtype.");
        }
    }

    private async Task ReadExactlyAsync(Memory<byte> buffer, long offset, CancellationToken cancellationToken)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var read = await RandomAccess.ReadAsync(_handle, buffer[done..], offset + done, cancellationToken);
            if (read == 0)
            {
                throw ModelingException.SafetensorsTruncated(Path, offset + buffer.Length, offset + done);
            }

            done += read;
        }
    }

    private static (Dictionary<string, SafetensorsTensorInfo> Tensors, Dictionary<string, string> Metadata) ParseHeader(
        string path, byte[] header, long dataLength)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw ModelingException.SafetensorsBadHeader(path, $"header is not JSON ({e.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw ModelingException.SafetensorsBadHeader(path, "header is not a JSON object");
            }

            var tensors = new Dictionary<string, SafetensorsTensorInfo>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    if (property.Value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var entry in property.Value.EnumerateObject())
                        {
                            metadata[entry.Name] = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.GetRawText();
                        }
                    }

                    continue;
                }

                tensors[property.Name] = ParseTensor(path, property.Name, property.Value, dataLength);
            }

            SafetensorsTensorInfo? previous = null;
            foreach (var tensor in tensors.Values.OrderBy(t => t.Begin).ThenBy(t => t.End))
            {
                if (previous is not null && tensor.Begin < previous.End && tensor.End > tensor.Begin)
                {
                    throw ModelingException.SafetensorsBadHeader(path, $"tensors {previous.Name} and {tensor.Name} overlap");
                }

                if (tensor.End > tensor.Begin)
                {
                    previous = tensor;
                }
            }

            return (tensors, metadata);
        }
    }

    private static SafetensorsTensorInfo ParseTensor(string path, string name, JsonElement value, long dataLength)
    {
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array
            || offsetsElement.GetArrayLength() != 2)
        {
            throw ModelingException.SafetensorsBadHeader(path, $"entry {name} needs dtype, shape and data_offsets [begin, end]");
        }

        var dtype = dtypeElement.GetString()!;
        var size = SafetensorsDType.SizeOf(dtype)
            ?? throw ModelingException.SafetensorsBadHeader(path, $"tensor {name} has unknown dtype {dtype}");
        var shape = new List<long>();
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var d) || d < 0)
            {
                throw ModelingException.SafetensorsBadHeader(path, $"tensor {name} has an invalid dimension {dim.GetRawText()}");
            }

            shape.Add(d);
        }

        if (!offsetsElement[0].TryGetInt64(out var begin) || !offsetsElement[1].TryGetInt64(out var end) || begin < 0 || end < begin)
        {
            throw ModelingException.SafetensorsBadHeader(path, $"tensor {name} has invalid data_offsets {offsetsElement.GetRawText()}");
        }

        long elements;
        try
        {
            elements = shape.Aggregate(1L, (a, d) => checked(a * d));
            _ = checked(elements * size);
        }
        catch (OverflowException)
        {
            throw ModelingException.SafetensorsBadHeader(path, $"tensor {name} has an impossibly large shape {TensorShape.Format(shape)}");
        }

        if (end - begin != elements * size)
        {
            throw ModelingException.SafetensorsBadHeader(path,
                $"tensor {name} ({dtype} {TensorShape.Format(shape)}) needs {elements * size} bytes but data_offsets span {end - begin}");
        }

        if (end > dataLength)
        {
            throw ModelingException.SafetensorsTruncated(path, end, dataLength);
        }

        return new SafetensorsTensorInfo(name, dtype, shape, begin, end);
    }
}
