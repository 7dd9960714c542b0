using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace SentimentFactor.Modeling.Checkpoints;

/// <summary>
/// Writes tensors as one .safetensors file (floats in F32, or F16 when asked; integers for packed deltas), header padded with spaces to a multiple
/// of 8 bytes as the reference implementation does. The file is written beside its final name and moved into place,
/// so a cancelled write leaves nothing behind.
/// </summary>
public static class SafetensorsWriter
{
    /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/> in the given dtype (F32 or F16).</summary>
    public static Task WriteAsync(string path, IReadOnlyList<FloatTensor> tensors, string dtype,
        IReadOnlyDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (dtype is not (SafetensorsDType.F32 or SafetensorsDType.F16))
        {
            throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Only F32 and F16 are written.");
        }

        return WriteAsync(path, tensors.Select(t => SafetensorsEntry.FromFloats(t, dtype)).ToList(), metadata, cancellationToken);
    }

    /// <summary>Writes <paramref name="entries"/>, each in its own dtype, to <paramref name="path"/>.</summary>
    public static async Task WriteAsync(string path, IReadOnlyList<SafetensorsEntry> entries,
        IReadOnlyDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        if (metadata is { Count: > 0 })
        {
            header["__metadata__"] = metadata;
        }

        long offset = 0;
        foreach (var entry in entries)
        {
            var elementSize = SafetensorsDType.SizeOf(entry.DType)
                ?? throw new ArgumentOutOfRangeException(nameof(entries), entry.DType, $"Tensor {entry.Name} has a dtype safetensors does not define.");
            if (entry.Data.LongLength != TensorShape.Count(entry.Shape) * elementSize)
            {
                throw new ArgumentException($"Tensor {entry.Name}: {entry.Data.LongLength} bytes do not fit shape [{string.Join(", ", entry.Shape)}] of {entry.DType}.", nameof(entries));
            }

            header[entry.Name] = new Dictionary<string, object>
            {
                ["dtype"] = entry.DType,
                ["shape"] = entry.Shape,
                ["data_offsets"] = new[] { offset, offset + entry.Data.LongLength },
            };
            offset += entry.Data.LongLength;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        var padded = (json.Length + 7) / 8 * 8;
        var headerBytes = new byte[padded];
        json.CopyTo(headerBytes, 0);
        headerBytes.AsSpan(json.Length).Fill((byte)' ');

        var temporary = path + ".partial";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
            {
                var prefix = new byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)padded);
                await stream.WriteAsync(prefix, cancellationToken);
                await stream.WriteAsync(headerBytes, cancellationToken);
                foreach (var entry in entries)
                {
                    await stream.WriteAsync(entry.Data, cancellationToken);
                }
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Writes a model.safetensors.index.json mapping each tensor name to its shard file name.</summary>
    public static async Task WriteIndexAsync(string path, IReadOnlyDictionary<string, string> weightMap, long totalSize,
        CancellationToken cancellationToken)
    {
        var index = new Dictionary<string, object>
        {
            ["metadata"] = new Dictionary<string, object> { ["total_size"] = totalSize },
            ["weight_map"] = weightMap,
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(index, new JsonSerializerOptions { WriteIndented = true }),
            cancellationToken);
    }
}
