using Google.Protobuf;
using Onnx;

namespace SentimentFactor.Modeling.Onnx;

/// <summary>
/// Saves a <see cref="ModelProto"/>; when its initializers together exceed a threshold, their data goes to an ONNX
/// external-data file beside the model (&lt;model file&gt;.data, offsets aligned), since protobuf cannot hold 2 GiB.
/// </summary>
public static class OnnxModelWriter
{
    /// <summary>Largest protobuf message, in bytes (2 GiB - 1).</summary>
    public const long ProtobufLimitBytes = int.MaxValue;

    /// <summary>Initializers smaller than this stay inside the model even when others go external.</summary>
    public const int MinExternalTensorBytes = 1024;

    /// <summary>
    /// Writes <paramref name="model"/> to <paramref name="path"/>; returns whether external data was used.
    /// When it is, the model's initializers are rewritten in place to point at the data file.
    /// </summary>
    public static async Task<bool> WriteAsync(ModelProto model, string path, long externalDataThresholdBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var total = model.Graph.Initializer.Sum(t => (long)t.RawData.Length);
        var external = total > externalDataThresholdBytes;
        if (external)
        {
            var dataFile = Path.GetFileName(path) + ".data";
            await using var data = new FileStream(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, dataFile),
                FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true);
            foreach (var tensor in model.Graph.Initializer)
            {
                if (tensor.RawData.Length < MinExternalTensorBytes)
                {
                    continue;
                }

                // Large tensors start on 64 KiB boundaries so ONNX Runtime can map them; small ones on 64 bytes.
                var alignment = tensor.RawData.Length >= (1 << 20) ? 65536 : 64;
                var offset = (data.Position + alignment - 1) / alignment * alignment;
                if (offset > data.Position)
                {
                    await data.WriteAsync(new byte[offset - data.Position], cancellationToken);
                }

                await data.WriteAsync(tensor.RawData.Memory, cancellationToken);
                tensor.DataLocation = TensorProto.Types.DataLocation.External;
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = dataFile });
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = tensor.RawData.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                tensor.RawData = ByteString.Empty;
            }
        }

        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true);
        var bytes = model.ToByteArray();
        await stream.WriteAsync(bytes, cancellationToken);
        return external;
    }
}
