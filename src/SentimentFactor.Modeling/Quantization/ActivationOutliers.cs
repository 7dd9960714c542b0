using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using SentimentFactor.Modeling.Onnx;
using SentimentFactor.Modeling.Reference;

namespace SentimentFactor.Modeling.Quantization;

/// <summary>
/// Finds the MatMuls whose input activations per-tensor uint8 quantisation cannot hold (docs/model.md, "int8"): inputs
/// with a few large values among many small ones (in all-MiniLM-L6-v2 the feed-forward down-projections of the first
/// layers, after GELU) keep their ordinary values only a handful of steps under one scale per tensor. Runs the float32
/// model once on calibration batches with every constant-weight MatMul's and fused Attention's input exposed, measures
/// the relative error DynamicQuantizeLinear would put on each, and names those more than <see cref="OutlierFactor"/>
/// times the median of the MatMuls' errors.
/// </summary>
public static class ActivationOutliers
{
    /// <summary>How far above the median relative error an input's error must reach for its MatMul to stay float32.</summary>
    public const float OutlierFactor = 3f;

    /// <summary>
    /// The relative error (RMS of x - dequantize(quantize(x)) over RMS of x) that DynamicQuantizeLinear's uint8 puts on
    /// each constant-weight MatMul's and fused Attention's input (by node name) over <paramref name="batches"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, float> Measure(ModelProto model, IReadOnlyList<BertBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batches);
        var probe = model.Clone();
        var constants = probe.Graph.Initializer.Where(t => t.Dims.Count == 2).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in probe.Graph.Node.Where(n => ((n.OpType == "MatMul" && n.Domain.Length == 0) || DynamicInt8Quantizer.IsQuantizableAttention(n))
            && constants.Contains(n.Input[1])))
        {
            inputs[node.Name.Length > 0 ? node.Name : node.Output[0]] = node.Input[0];
        }

        if (inputs.Count == 0)
        {
            return new Dictionary<string, float>();
        }

        var graphInputs = probe.Graph.Input.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var tensor in inputs.Values.Distinct().Where(t => !graphInputs.Contains(t) && probe.Graph.Output.All(o => o.Name != t)))
        {
            probe.Graph.Output.Add(new ValueInfoProto { Name = tensor });
        }

        var errors = inputs.Values.Distinct().ToDictionary(t => t, _ => (Error: 0.0, Signal: 0.0), StringComparer.Ordinal);
        using var options = new SessionOptions();
        options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL;
        using var session = new InferenceSession(probe.ToByteArray(), options);
        var names = session.InputMetadata.Keys.ToList();
        foreach (var batch in batches)
        {
            long[] shape = [batch.BatchSize, batch.SequenceLength];
            using var ids = OrtValue.CreateTensorValueFromMemory(batch.InputIds, shape);
            using var mask = OrtValue.CreateTensorValueFromMemory(batch.AttentionMask, shape);
            using var types = OrtValue.CreateTensorValueFromMemory(batch.TokenTypeIds, shape);
            var values = names.Select(n => n switch { "input_ids" => ids, "attention_mask" => mask, _ => types }).ToList();
            using var runOptions = new RunOptions();
            var wanted = errors.Keys.ToList();
            using var outputs = session.Run(runOptions, names, values, wanted);
            for (var i = 0; i < wanted.Count; i++)
            {
                var (error, signal) = QuantizationError(outputs[i].GetTensorDataAsSpan<float>());
                var sum = errors[wanted[i]];
                errors[wanted[i]] = (sum.Error + error, sum.Signal + signal);
            }
        }

        return inputs.ToDictionary(p => p.Key, p => (float)Math.Sqrt(errors[p.Value].Error / Math.Max(errors[p.Value].Signal, 1e-30)), StringComparer.Ordinal);
    }

    /// <summary>
    /// The node names whose input error stands out: more than <see cref="OutlierFactor"/> x the median over the MatMul
    /// nodes (<paramref name="isReference"/>; all nodes when null). Attention inputs are LayerNorm outputs with uniformly
    /// small errors: counted in the median they would pull it down and send well-behaved MatMuls to float32.
    /// </summary>
    public static IReadOnlyList<string> Select(IReadOnlyDictionary<string, float> errors, Func<string, bool>? isReference = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var sorted = errors.Where(p => isReference?.Invoke(p.Key) ?? true).Select(p => p.Value).Order().ToArray();
        if (sorted.Length == 0)
        {
            return [];
        }

        var median = sorted[sorted.Length / 2];
        return [.. errors.Where(p => p.Value > OutlierFactor * median).Select(p => p.Key).Order(StringComparer.Ordinal)];
    }

    // As DynamicQuantizeLinear: range widened to include 0, scale (max - min) / 255, zero point rounded, values
    // rounded to the nearest step and saturated.
    private static (double Error, double Signal) QuantizationError(ReadOnlySpan<float> values)
    {
        float min = 0, max = 0;
        foreach (var x in values)
        {
            min = Math.Min(min, x);
            max = Math.Max(max, x);
        }

        var scale = (max - min) / 255f;
        if (scale == 0)
        {
            return (0, 0);
        }

        var zeroPoint = Math.Clamp(MathF.Round(-min / scale, MidpointRounding.ToEven), 0, 255);
        double error = 0, signal = 0;
        foreach (var x in values)
        {
            var q = Math.Clamp(MathF.Round(x / scale, MidpointRounding.ToEven) + zeroPoint, 0, 255);
            var back = (q - zeroPoint) * scale;
            error += (x - back) * (double)(x - back);
            signal += x * (double)x;
        }

        return (error, signal);
    }
}
