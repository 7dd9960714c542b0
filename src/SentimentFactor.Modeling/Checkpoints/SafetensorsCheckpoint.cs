using System.Text.Json;

namespace SentimentFactor.Modeling.Checkpoints;

/// <summary>
/// The weights of a Hugging Face checkpoint folder: model.safetensors, or shards listed by
/// model.safetensors.index.json. Every file is opened and its header validated up front. Dispose closes the files.
/// </summary>
public sealed class SafetensorsCheckpoint : IDisposable
{
    /// <summary>File name of a single-file checkpoint.</summary>
    public const string SingleFileName = "model.safetensors";

    /// <summary>File name of the shard index of a sharded checkpoint.</summary>
    public const string IndexFileName = "model.safetensors.index.json";

    private readonly List<SafetensorsReader> _readers;
    private readonly Dictionary<string, SafetensorsReader> _byTensor;

    private SafetensorsCheckpoint(string directory, List<SafetensorsReader> readers, Dictionary<string, SafetensorsReader> byTensor)
    {
        Directory = directory;
        _readers = readers;
        _byTensor = byTensor;
    }

    /// <summary>The checkpoint folder.</summary>
    public string Directory { get; }

    /// <summary>The weight files read (one, or every shard).</summary>
    public IReadOnlyList<string> Files => _readers.Select(r => r.Path).ToList();

    /// <summary>Every tensor across all files.</summary>
    public IEnumerable<SafetensorsTensorInfo> Tensors => _readers.SelectMany(r => r.Tensors);

    /// <summary>Opens the weights of checkpoint folder <paramref name="directory"/>.</summary>
    public static SafetensorsCheckpoint Open(string directory)
    {
        var single = System.IO.Path.Combine(directory, SingleFileName);
        var index = System.IO.Path.Combine(directory, IndexFileName);
        var readers = new List<SafetensorsReader>();
        try
        {
            var byTensor = new Dictionary<string, SafetensorsReader>(StringComparer.Ordinal);
            if (File.Exists(single))
            {
                var reader = SafetensorsReader.Open(single);
                readers.Add(reader);
                foreach (var tensor in reader.Tensors)
                {
                    byTensor[tensor.Name] = reader;
                }
            }
            else if (File.Exists(index))
            {
                foreach (var (tensor, shard) in ReadIndex(index))
                {
                    var reader = readers.FirstOrDefault(r => System.IO.Path.GetFileName(r.Path) == shard);
                    if (reader is null)
                    {
                        var shardPath = System.IO.Path.Combine(directory, shard);
                        if (!File.Exists(shardPath))
                        {
                            throw ModelingException.ShardIndexInvalid(index, $"shard {shard} (holding {tensor}) is missing");
                        }

                        reader = SafetensorsReader.Open(shardPath);
                        readers.Add(reader);
                    }

                    if (!reader.Contains(tensor))
                    {
                        throw ModelingException.ShardIndexInvalid(index, $"tensor {tensor} is not in shard {shard}");
                    }

                    byTensor[tensor] = reader;
                }
            }
            else if (File.Exists(System.IO.Path.Combine(directory, "pytorch_model.bin")))
            {
                throw ModelingException.OnlyPickleWeights(directory);
            }
            else
            {
                throw ModelingException.NotACheckpoint(directory);
            }

            return new SafetensorsCheckpoint(directory, readers, byTensor);
        }
        catch
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }

            throw;
        }
    }

    /// <summary>The header entry of <paramref name="name"/>, or null when no file holds it.</summary>
    public SafetensorsTensorInfo? Find(string name) => _byTensor.TryGetValue(name, out var reader) ? reader.Find(name) : null;

    /// <summary>Reads tensor <paramref name="name"/> as float32 (see <see cref="SafetensorsReader.ReadFloat32Async"/>).</summary>
    public Task<float[]> ReadFloat32Async(string name, CancellationToken cancellationToken) =>
        _byTensor.TryGetValue(name, out var reader)
            ? reader.ReadFloat32Async(name, cancellationToken)
            : throw new KeyNotFoundException($"Tensor {name} is not in checkpoint {Directory}.");

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var reader in _readers)
        {
            reader.Dispose();
        }
    }

    private static List<(string Tensor, string Shard)> ReadIndex(string index)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(index));
            if (!document.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
            {
                throw ModelingException.ShardIndexInvalid(index, "no weight_map object");
            }

            var entries = new List<(string, string)>();
            foreach (var entry in map.EnumerateObject())
            {
                var shard = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : string.Empty;
                if (shard.Length == 0 || shard != System.IO.Path.GetFileName(shard))
                {
                    throw ModelingException.ShardIndexInvalid(index, $"tensor {entry.Name} maps to an invalid shard name {entry.Value.GetRawText()}");
                }

                entries.Add((entry.Name, shard));
            }

            return entries;
        }
        catch (JsonException e)
        {
            throw ModelingException.ShardIndexInvalid(index, $"not JSON ({e.Message})");
        }
    }
}
