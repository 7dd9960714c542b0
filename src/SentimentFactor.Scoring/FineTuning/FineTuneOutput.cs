using System.Text.Json;
using System.Text.Json.Nodes;
using SentimentFactor.Modeling;
using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Onnx;
using SentimentFactor.Modeling.Training;

namespace SentimentFactor.Scoring.FineTuning;

/// <summary>
/// Writes a fine-tuned model folder in one piece: the Hugging Face checkpoint (config.json with id2label, label2id and
/// classifier_pooling, model.safetensors, vocab.txt, tokenizer_config.json) and, from it through
/// <see cref="CheckpointConverter"/> (the one path that builds every graph), the ONNX classifier that sf score reads
/// (model.onnx; config.json gains its "onnx" block), plus training.json. Staged in a temporary folder and renamed.
/// </summary>
public static class FineTuneOutput
{
    /// <summary>The manifest's file name.</summary>
    public const string ManifestFileName = "training.json";

    /// <summary>Writes <paramref name="directory"/>; an existing non-empty one only with <paramref name="overwrite"/>.</summary>
    public static async Task WriteAsync(string directory, BertWeights weights, ClassifierPooling pooling, byte[] vocabulary, bool lowerCase,
        int maxLength, JsonObject manifest, bool overwrite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(manifest);
        await OutputDirectory.WriteAtomicallyAsync(directory, overwrite, async temporary =>
        {
            var checkpoint = Path.Combine(temporary, ".checkpoint");
            Directory.CreateDirectory(checkpoint);
            var config = weights.Config.ToJson();
            config["classifier_pooling"] = BertOnnxExporter.PoolingName(pooling);
            await File.WriteAllTextAsync(Path.Combine(checkpoint, "config.json"),
                config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
            await File.WriteAllBytesAsync(Path.Combine(checkpoint, "vocab.txt"), vocabulary, cancellationToken);
            var tokenizerConfig = new JsonObject { ["do_lower_case"] = lowerCase, ["tokenizer_class"] = "BertTokenizer", ["model_max_length"] = maxLength };
            await File.WriteAllTextAsync(Path.Combine(checkpoint, "tokenizer_config.json"), tokenizerConfig.ToJsonString(), cancellationToken);
            await SafetensorsWriter.WriteAsync(Path.Combine(checkpoint, SafetensorsCheckpoint.SingleFileName), weights.Tensors.ToList(),
                SafetensorsDType.F32, new Dictionary<string, string> { ["format"] = "pt" }, cancellationToken);

            var onnx = Path.Combine(temporary, ".onnx");
            await new CheckpointConverter().ConvertAsync(checkpoint, onnx,
                new CheckpointConversionOptions { MaxSequenceLength = maxLength }, cancellationToken);
            foreach (var file in Directory.EnumerateFiles(onnx))
            {
                File.Move(file, Path.Combine(temporary, Path.GetFileName(file)));
            }

            foreach (var file in Directory.EnumerateFiles(checkpoint).Where(f => !File.Exists(Path.Combine(temporary, Path.GetFileName(f)))))
            {
                File.Move(file, Path.Combine(temporary, Path.GetFileName(file)));
            }

            Directory.Delete(onnx, recursive: true);
            Directory.Delete(checkpoint, recursive: true);
            await File.WriteAllTextAsync(Path.Combine(temporary, ManifestFileName),
                manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", cancellationToken);
        }, cancellationToken);
    }
}
