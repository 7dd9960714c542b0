using System.Text.Json.Nodes;
using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Training;

namespace SentimentFactor.Scoring.FineTuning;

/// <summary>
/// `sf model average`: the element-wise mean of the weights of several fine-tunes of one base (a "model soup",
/// Wortsman et al. 2022). Runs that share a seed share the head's initialisation and the batch order, so their
/// weights stay in one basin and their mean scores at one model's cost (docs/model.md, "Recipe and runs").
/// Offsets that --tune-offsets folded into a run's classifier bias are taken out first: they were chosen for that
/// run alone, and the averaged model gets its own from `sf model finetune --epochs 0 --tune-offsets`.
/// </summary>
public static class FineTunedAverage
{
    /// <summary>Averages the fine-tuned folders <paramref name="folders"/> into the model folder <paramref name="output"/>.</summary>
    public static async Task<JsonObject> WriteAsync(IReadOnlyList<string> folders, string output, bool overwrite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folders);
        if (folders.Count < 2)
        {
            throw ScoringException.AverageNeedsTwo(folders.Count);
        }

        float[][]? sums = null;
        BertWeights? first = null;
        ClassifierPooling pooling = default;
        byte[] vocabulary = [];
        var sources = new JsonArray();
        foreach (var folder in folders.Select(Path.GetFullPath))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (weights, offsets) = await LoadAsync(folder, cancellationToken);
            var folderPooling = CheckpointConverter.ReadPooling(folder);
            var folderVocabulary = await File.ReadAllBytesAsync(Path.Combine(folder, "vocab.txt"), cancellationToken);
            if (first is null)
            {
                first = weights;
                pooling = folderPooling;
                vocabulary = folderVocabulary;
                sums = [.. weights.Tensors.Select(t => new float[t.Data.Length])];
            }
            else
            {
                var mismatch = Mismatch(first, weights, pooling, folderPooling, vocabulary, folderVocabulary);
                if (mismatch is not null)
                {
                    throw ScoringException.AverageMismatch(folders[0], folder, mismatch);
                }
            }

            var tensors = weights.Tensors.ToList();
            for (var i = 0; i < tensors.Count; i++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(sums![i], tensors[i].Data, sums[i]);
            }

            sources.Add(new JsonObject { ["folder"] = folder, ["offsets_removed"] = new JsonArray(offsets.Select(o => (JsonNode)o).ToArray()) });
        }

        var scale = 1f / folders.Count;
        var averaged = first!.Tensors.Select((t, i) =>
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(sums![i], scale, sums[i]);
            return new FloatTensor(t.Name, t.Shape, sums[i]);
        }).ToList();
        var manifest = new JsonObject { ["averaged_from"] = sources };
        await FineTuneOutput.WriteAsync(output, new BertWeights(first.Config, averaged), pooling, vocabulary,
            CheckpointConverter.ReadDoLowerCase(Path.GetFullPath(folders[0])), await ReadMaxLengthAsync(Path.GetFullPath(folders[0]), first.Config, cancellationToken),
            manifest, overwrite, cancellationToken);
        return manifest;
    }

    private static async Task<(BertWeights Weights, double[] Offsets)> LoadAsync(string folder, CancellationToken cancellationToken)
    {
        var configPath = Path.Combine(folder, "config.json");
        if (!File.Exists(configPath) || !File.Exists(Path.Combine(folder, "vocab.txt")))
        {
            throw ScoringException.FineTuneBaseUnknown(folder);
        }

        var config = BertConfig.Load(configPath);
        using var checkpoint = SafetensorsCheckpoint.Open(folder);
        var weights = await BertWeights.LoadAsync(config, checkpoint, cancellationToken);
        var offsets = await ReadOffsetsAsync(folder, config.Labels.Count, cancellationToken);
        var bias = weights.Data(BertWeightLayout.Classifier + ".bias");
        for (var c = 0; c < offsets.Length; c++)
        {
            bias[c] -= (float)offsets[c];
        }

        return (weights, offsets);
    }

    private static async Task<int> ReadMaxLengthAsync(string folder, BertConfig config, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, "tokenizer_config.json");
        var fallback = Math.Min(config.MaxPositionEmbeddings, FineTuneBase.CheckpointMaxLength);
        return File.Exists(path) && JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken))?["model_max_length"] is JsonValue value
            && value.TryGetValue<int>(out var maxLength) && maxLength > 0
            ? Math.Min(maxLength, config.MaxPositionEmbeddings)
            : fallback;
    }

    private static async Task<double[]> ReadOffsetsAsync(string folder, int labels, CancellationToken cancellationToken)
    {
        var manifestPath = Path.Combine(folder, FineTuneOutput.ManifestFileName);
        if (!File.Exists(manifestPath)
            || JsonNode.Parse(await File.ReadAllTextAsync(manifestPath, cancellationToken)) is not JsonObject manifest
            || manifest["offsets"]?["values"] is not JsonArray values)
        {
            return new double[labels];
        }

        return values.Count == labels
            ? [.. values.Select(v => v!.GetValue<double>())]
            : throw ScoringException.HeadInvalid(manifestPath, $"offsets has {values.Count} values for {labels} labels");
    }

    private static string? Mismatch(BertWeights first, BertWeights other, ClassifierPooling pooling, ClassifierPooling otherPooling,
        byte[] vocabulary, byte[] otherVocabulary)
    {
        if (pooling != otherPooling)
        {
            return "pooling differs";
        }

        if (!vocabulary.AsSpan().SequenceEqual(otherVocabulary))
        {
            return "vocab.txt differs";
        }

        var a = first.Tensors.ToList();
        var b = other.Tensors.ToList();
        if (a.Count != b.Count)
        {
            return $"{a.Count} vs {b.Count} tensors";
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (a[i].Name != b[i].Name || !a[i].Shape.SequenceEqual(b[i].Shape))
            {
                return $"tensor {a[i].Name} [{string.Join(", ", a[i].Shape)}] vs {b[i].Name} [{string.Join(", ", b[i].Shape)}]";
            }
        }

        return null;
    }
}
