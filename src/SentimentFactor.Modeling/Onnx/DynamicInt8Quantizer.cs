using System.Buffers.Binary;
using Google.Protobuf;
using Onnx;

namespace SentimentFactor.Modeling.Onnx;

/// <summary>
/// Dynamic int8 quantisation of an ONNX graph (docs/model.md, "int8"): every MatMul whose second input is a 2-D float32
/// initializer gets int8 weights with one scale per output column (symmetric, zero point 0, 7-bit range: see
/// <see cref="WeightLevels"/>), and its activations are
/// quantised to uint8 at run time by DynamicQuantizeLinear (per tensor). A fused com.microsoft Attention node (the
/// exporter's fused graph packs the Q/K/V projections into its weight) becomes QAttention the same way: int8 weights
/// per column, uint8 input. Everything else (embeddings, LayerNorm, softmax and the attention scores, Gemm heads)
/// stays float32. Pure: returns a new model.
/// </summary>
public static class DynamicInt8Quantizer
{
    /// <summary>Operators that mark a graph as already quantised.</summary>
    public static readonly IReadOnlySet<string> QuantizedOperators = new HashSet<string>(StringComparer.Ordinal)
    {
        "DynamicQuantizeLinear", "MatMulInteger", "MatMulIntegerToFloat", "DynamicQuantizeMatMul", "QuantizeLinear",
        "DequantizeLinear", "QLinearMatMul", "QAttention", "QEmbedLayerNormalization", "QGemm", "ConvInteger",
    };

    /// <summary>
    /// The largest |quantised weight|: 63, a 7-bit range, not 127. On x86 CPUs without VNNI (AVX2, AVX-512F) ONNX
    /// Runtime multiplies uint8 activations by int8 weights with vpmaddubsw, which adds each pair of products in
    /// int16 and saturates: 2 x 255 x 127 overflows, 2 x 255 x 63 = 32,130 does not. With 8-bit weights the default
    /// model lost 0.011 macro-F1 on such a CPU (its check failed) where a VNNI CPU had measured +0.001; with 7-bit weights the
    /// integer products are exact on every CPU, so a quantised folder gives the same answers wherever it runs.
    /// </summary>
    public const int WeightLevels = 63;

    private const int FloatType = (int)TensorProto.Types.DataType.Float;
    private const int Int8Type = (int)TensorProto.Types.DataType.Int8;

    /// <summary>
    /// Quantises <paramref name="model"/>. MatMul and Attention nodes for whose name (or, unnamed, first output)
    /// <paramref name="keepFloat"/> is true stay float32.
    /// </summary>
    public static DynamicInt8Result Quantize(ModelProto model, QuantizedMatMulForm form, Func<string, bool> keepFloat)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(keepFloat);
        var result = model.Clone();
        var graph = result.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var nodes = new List<NodeProto>(graph.Node.Count + 64);
        var quantizedWeights = new Dictionary<string, (string Weights, string Scale, string ZeroPoint)>(StringComparer.Ordinal);
        int quantized = 0, kept = 0, attentions = 0;
        var usesMicrosoftDomain = false;
        long weightBytesBefore = 0, weightBytesAfter = 0;
        foreach (var node in graph.Node)
        {
            var isAttention = IsQuantizableAttention(node);
            if (!(isAttention || (node.OpType == "MatMul" && node.Domain.Length == 0)) || !initializers.TryGetValue(node.Input[1], out var weight)
                || weight.DataType != FloatType || weight.Dims.Count != 2)
            {
                nodes.Add(node);
                continue;
            }

            var label = node.Name.Length > 0 ? node.Name : node.Output[0];
            if (keepFloat(label))
            {
                kept++;
                nodes.Add(node);
                continue;
            }

            if (!quantizedWeights.TryGetValue(weight.Name, out var q))
            {
                q = AddQuantizedWeight(graph, weight);
                quantizedWeights[weight.Name] = q;
                weightBytesBefore += weight.Dims[0] * weight.Dims[1] * 4;
                weightBytesAfter += weight.Dims[0] * weight.Dims[1] + (weight.Dims[1] * 5);
            }

            nodes.AddRange(isAttention ? ReplaceAttention(node, q, quantized) : Replace(node, q, form, quantized));
            attentions += isAttention ? 1 : 0;
            usesMicrosoftDomain |= isAttention || form != QuantizedMatMulForm.MatMulInteger;
            quantized++;
        }

        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        // Float weights only the replaced MatMuls read are dropped; shared ones stay for their other readers.
        foreach (var name in quantizedWeights.Keys)
        {
            if (!graph.Node.Any(n => n.Input.Contains(name)))
            {
                graph.Initializer.Remove(initializers[name]);
            }
        }

        if (usesMicrosoftDomain && !result.OpsetImport.Any(o => o.Domain == OnnxGraphBuilder.MicrosoftDomain))
        {
            result.OpsetImport.Add(new OperatorSetIdProto { Domain = OnnxGraphBuilder.MicrosoftDomain, Version = 1 });
        }

        return new DynamicInt8Result(result, quantized, attentions, kept, weightBytesBefore, weightBytesAfter);
    }

    private static (string Weights, string Scale, string ZeroPoint) AddQuantizedWeight(GraphProto graph, TensorProto weight)
    {
        var rows = (int)weight.Dims[0];
        var columns = (int)weight.Dims[1];
        var values = ReadFloats(weight, rows * columns);
        var scales = new float[columns];
        for (var c = 0; c < columns; c++)
        {
            var max = 0f;
            for (var r = 0; r < rows; r++)
            {
                max = Math.Max(max, Math.Abs(values[(r * columns) + c]));
            }

            scales[c] = max > 0 ? max / WeightLevels : 1f;
        }

        var quantized = new byte[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var q = (int)MathF.Round(values[(r * columns) + c] / scales[c], MidpointRounding.ToEven);
                quantized[(r * columns) + c] = (byte)(sbyte)Math.Clamp(q, -WeightLevels, WeightLevels);
            }
        }

        var name = weight.Name + "_int8";
        var weights = new TensorProto { Name = name, DataType = Int8Type, RawData = ByteString.CopyFrom(quantized) };
        weights.Dims.AddRange([rows, columns]);
        var scaleBytes = new byte[columns * 4];
        for (var c = 0; c < columns; c++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(scaleBytes.AsSpan(4 * c), scales[c]);
        }

        var scale = new TensorProto { Name = weight.Name + "_scale", DataType = FloatType, RawData = ByteString.CopyFrom(scaleBytes) };
        scale.Dims.Add(columns);
        var zeroPoint = new TensorProto { Name = weight.Name + "_zero_point", DataType = Int8Type, RawData = ByteString.CopyFrom(new byte[columns]) };
        zeroPoint.Dims.Add(columns);
        graph.Initializer.Add(weights);
        graph.Initializer.Add(scale);
        graph.Initializer.Add(zeroPoint);
        return (weights.Name, scale.Name, zeroPoint.Name);
    }

    private static IEnumerable<NodeProto> Replace(NodeProto matMul, (string Weights, string Scale, string ZeroPoint) q, QuantizedMatMulForm form, int index)
    {
        var input = matMul.Input[0];
        var output = matMul.Output[0];
        var p = $"sf_int8/{index}/";
        if (form == QuantizedMatMulForm.DynamicQuantizeMatMul)
        {
            yield return NewNode("DynamicQuantizeMatMul", OnnxGraphBuilder.MicrosoftDomain, [input, q.Weights, q.Scale, q.ZeroPoint], [output], p + "DynamicQuantizeMatMul");
            yield break;
        }

        yield return NewNode("DynamicQuantizeLinear", "", [input], [p + "x_q", p + "x_scale", p + "x_zero_point"], p + "DynamicQuantizeLinear");
        if (form == QuantizedMatMulForm.MatMulIntegerToFloat)
        {
            yield return NewNode("MatMulIntegerToFloat", OnnxGraphBuilder.MicrosoftDomain,
                [p + "x_q", q.Weights, p + "x_scale", q.Scale, p + "x_zero_point", q.ZeroPoint], [output], p + "MatMulIntegerToFloat");
            yield break;
        }

        yield return NewNode("MatMulInteger", "", [p + "x_q", q.Weights, p + "x_zero_point", q.ZeroPoint], [p + "y_int32"], p + "MatMulInteger");
        var cast = NewNode("Cast", "", [p + "y_int32"], [p + "y_float"], p + "Cast");
        cast.Attribute.Add(new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = FloatType });
        yield return cast;
        yield return NewNode("Mul", "", [p + "x_scale", q.Scale], [p + "scale"], p + "MulScales");
        yield return NewNode("Mul", "", [p + "y_float", p + "scale"], [output], p + "Mul");
    }

    /// <summary>
    /// Whether <paramref name="node"/> is a com.microsoft Attention whose Q/K/V projection QAttention can take over:
    /// input, weight, bias and at most a mask, attributes QAttention knows.
    /// </summary>
    public static bool IsQuantizableAttention(NodeProto node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.OpType == "Attention" && node.Domain == OnnxGraphBuilder.MicrosoftDomain && node.Input.Count is >= 3 and <= 4
            && node.Input[2].Length > 0 && node.Output.Count == 1 && node.Attribute.All(a => a.Name is "num_heads" or "unidirectional");
    }

    // com.microsoft QAttention: the same attention with the Q/K/V projection in int8 (uint8 input, int8 weights with
    // one scale per output column, float bias added by the kernel); the mask input keeps Attention's format.
    private static IEnumerable<NodeProto> ReplaceAttention(NodeProto attention, (string Weights, string Scale, string ZeroPoint) q, int index)
    {
        var p = $"sf_int8/{index}/";
        yield return NewNode("DynamicQuantizeLinear", "", [attention.Input[0]], [p + "x_q", p + "x_scale", p + "x_zero_point"], p + "DynamicQuantizeLinear");
        var mask = attention.Input.Count > 3 ? attention.Input[3] : "";
        var node = NewNode("QAttention", OnnxGraphBuilder.MicrosoftDomain,
            [p + "x_q", q.Weights, attention.Input[2], p + "x_scale", q.Scale, mask, p + "x_zero_point", q.ZeroPoint], [attention.Output[0]], p + "QAttention");
        node.Attribute.AddRange(attention.Attribute.Select(a => a.Clone()));
        yield return node;
    }

    private static NodeProto NewNode(string op, string domain, string[] inputs, string[] outputs, string name)
    {
        var node = new NodeProto { OpType = op, Domain = domain, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }

    private static float[] ReadFloats(TensorProto tensor, int count)
    {
        var values = new float[count];
        if (tensor.RawData.Length > 0)
        {
            var bytes = tensor.RawData.Span;
            for (var i = 0; i < count; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
            }
        }
        else
        {
            tensor.FloatData.CopyTo(values, 0);
        }

        return values;
    }
}
