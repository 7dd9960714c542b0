using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace SentimentFactor.Modeling.Checkpoints;

/// <summary>
/// Writes float tensors as one .safetensors file (F32, or F16 when asked), header padded with spaces to a multiple
/// of 8 bytes as the reference implementation does. The file is written beside its final name and moved into place,
/// so a cancelled write leaves nothing behind.
/// </summary>
public static class SafetensorsWriter
{
    /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/> in the given dtype (F32 or F16).</summary>
    public static async Task WriteAsync(string path, IReadOnlyList<FloatTensor> tensors, string dtype,
        IReadOnlyDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        if (dtype is not (SafetensorsDType.F32 or SafetensorsDType.F16))
        {
            throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Only F32 and F16 are written.");
        }

        var elementSize = SafetensorsDType.SizeOf(dtype)!.Value;
        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        if (metadata is { Count: > 0 })
        {
            header["__metadata__"] = metadata;
        }

        long offset = 0;
        foreach (var tensor in tensors)
        {
            var bytes = tensor.Data.Length * (long)elementSize;
            header[tensor.Name] = new Dictionary<string, object>
            {
                ["dtype"] = dtype,
                ["shape"] = tensor.Shape,
                ["data_offsets"] = new[] { offset, offset + bytes },
            };
            offset += bytes;
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
                foreach (var tensor in tensors)
                {
                    await stream.WriteAsync(Encode(tensor.Data, dtype), cancellationToken);
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

    private static byte[] Encode(float[] data, string dtype)
    {
        if (dtype == SafetensorsDType.F32)
        {
            var bytes = new byte[data.Length * 4];
            for (var i = 0; i < data.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), data[i]);
            }

            return bytes;
        }

        var halves = new byte[data.Length * 2];
        for (var i = 0; i < data.Length; i++)
        {
            BinaryPrimitives.WriteHalfLittleEndian(halves.AsSpan(2 * i), (Half)data[i]);
        }

        return halves;
    }
}
