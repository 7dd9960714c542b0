using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SentimentFactor.Modeling.Checkpoints;

/// <summary>
/// Writes a randomly initialised sequence classifier in Hugging Face layout (config.json, model.safetensors,
/// vocab.txt, tokenizer_config.json), so tests, benchmarks and users without weights can run the whole path.
/// Weights are N(0, std); biases and LayerNorm parameters are randomised around their usual 0 and 1 too, so
/// that a converter that swaps or drops one is caught. The folder is written under a temporary name and renamed.
/// </summary>
public sealed class RandomCheckpointWriter(ILogger<RandomCheckpointWriter> logger)
{
    /// <summary>A writer that logs nowhere.</summary>
    public RandomCheckpointWriter()
        : this(NullLogger<RandomCheckpointWriter>.Instance)
    {
    }

    /// <summary>The config a spec produces.</summary>
    public static BertConfig ConfigFor(RandomCheckpointSpec spec)
    {
        if (spec.Layers < 1 || spec.Hidden < 1 || spec.Heads < 1 || spec.Hidden % spec.Heads != 0)
        {
            throw ModelingException.BadSpec("model shape", $"layers {spec.Layers}, hidden {spec.Hidden}, heads {spec.Heads}",
                "Layers, hidden and heads must be positive and hidden a multiple of heads.");
        }

        if (spec.Labels.Count < 2 || spec.Labels.Any(string.IsNullOrWhiteSpace) || spec.Labels.Distinct().Count() != spec.Labels.Count)
        {
            throw ModelingException.BadSpec("labels", string.Join(",", spec.Labels), "Give at least two distinct, non-empty labels.");
        }

        return BertConfig.Parse(BuildConfigJson(spec).ToJsonString(), "(spec)");
    }

    /// <summary>Random weights for <paramref name="spec"/>, in memory.</summary>
    public static BertWeights CreateWeights(RandomCheckpointSpec spec)
    {
        var config = ConfigFor(spec);
        var random = new Random(spec.Seed);
        var tensors = new List<FloatTensor>();
        foreach (var (name, shape) in BertWeightLayout.Expected(config))
        {
            var data = new float[TensorShape.Count(shape)];
            var isNormWeight = name.EndsWith(".weight", StringComparison.Ordinal) && shape.Length == 1;
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = (float)(Gaussian(random) * spec.InitStd) + (isNormWeight ? 1f : 0f);
            }

            tensors.Add(new FloatTensor(name, shape, data));
        }

        return new BertWeights(config, tensors);
    }

    /// <summary>Writes the checkpoint folder <paramref name="directory"/> (which must not exist or be empty).</summary>
    public async Task<BertWeights> WriteAsync(RandomCheckpointSpec spec, string directory, CancellationToken cancellationToken)
    {
        var weights = CreateWeights(spec);
        await OutputDirectory.WriteAtomicallyAsync(directory, overwrite: false, async temporary =>
        {
            await File.WriteAllTextAsync(Path.Combine(temporary, "config.json"),
                BuildConfigJson(spec).ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
            await File.WriteAllLinesAsync(Path.Combine(temporary, "vocab.txt"), StarterVocabulary.Tokens, cancellationToken);
            var tokenizerConfig = new JsonObject { ["do_lower_case"] = true, ["tokenizer_class"] = "BertTokenizer", ["model_max_length"] = spec.MaxPositions };
            await File.WriteAllTextAsync(Path.Combine(temporary, "tokenizer_config.json"), tokenizerConfig.ToJsonString(), cancellationToken);
            var tensors = weights.Tensors.Where(t => spec.WithHead
                || !(t.Name.StartsWith(BertWeightLayout.Pooler + ".", StringComparison.Ordinal) || t.Name.StartsWith(BertWeightLayout.Classifier + ".", StringComparison.Ordinal)));
            await SafetensorsWriter.WriteAsync(Path.Combine(temporary, SafetensorsCheckpoint.SingleFileName), tensors.ToList(), spec.DType,
                new Dictionary<string, string> { ["format"] = "pt" }, cancellationToken);
        }, cancellationToken);
        var architecture = spec.Architecture.ToModelType();
        var parameters = weights.ParameterCount;
        Log.RandomCheckpointWritten(logger, architecture, directory, spec.Layers, spec.Hidden, parameters, spec.Seed);
        return weights;
    }

    private static JsonObject BuildConfigJson(RandomCheckpointSpec spec)
    {
        var config = new BertConfig
        {
            Architecture = spec.Architecture,
            NumHiddenLayers = spec.Layers,
            HiddenSize = spec.Hidden,
            NumAttentionHeads = spec.Heads,
            IntermediateSize = spec.IntermediateSize,
            HiddenAct = spec.HiddenAct,
            LayerNormEps = 1e-12,
            MaxPositionEmbeddings = spec.MaxPositions,
            TypeVocabSize = 2,
            VocabSize = StarterVocabulary.Tokens.Count,
            Labels = spec.Labels,
        };
        return config.ToJson();
    }

    private static double Gaussian(Random random)
    {
        // Box-Muller: two uniforms in (0, 1] give one standard normal.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
