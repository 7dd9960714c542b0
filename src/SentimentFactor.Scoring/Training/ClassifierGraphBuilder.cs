using Google.Protobuf;
using Onnx;

namespace SentimentFactor.Scoring.Training;

/// <summary>
/// Turns a BERT encoder graph (output: last hidden state [batch, seq, hidden]) into a sentence embedder (masked mean
/// pooling + L2 normalisation, output "sentence_embedding") or a classifier (the same + a linear head, output
/// "logits"), by appending ONNX nodes to the encoder's own graph. Nodes no output needs are pruned.
/// </summary>
public static class ClassifierGraphBuilder
{
    /// <summary>Output of the embedder graph: [batch, hidden] float.</summary>
    public const string EmbeddingOutput = "sentence_embedding";

    /// <summary>Output of the classifier graph: [batch, labels] float.</summary>
    public const string LogitsOutput = "logits";

    private const string Prefix = "sf_head/";
    private const int FloatType = (int)TensorProto.Types.DataType.Float;
    private const int Int64Type = (int)TensorProto.Types.DataType.Int64;

    /// <summary>Parses an encoder graph.</summary>
    public static ModelProto Parse(byte[] model) => ModelProto.Parser.ParseFrom(model);

    /// <summary>Encoder + masked mean pooling + L2 normalisation; output <see cref="EmbeddingOutput"/>.</summary>
    public static ModelProto BuildEmbedder(ModelProto encoder, int hiddenSize)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        var model = encoder.Clone();
        var graph = model.Graph;
        var (pooled, hidden) = AddPooling(graph, hiddenSize);
        graph.Output.Clear();
        graph.Output.Add(FloatMatrix(pooled, hidden));
        Prune(graph);
        return model;
    }

    /// <summary>
    /// Encoder + pooling + normalisation + logits = embedding x <paramref name="weights"/> [hidden, labels] + <paramref name="bias"/>;
    /// output <see cref="LogitsOutput"/> [batch, labels].
    /// </summary>
    public static ModelProto BuildClassifier(ModelProto encoder, float[,] weights, float[] bias)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        var model = encoder.Clone();
        var graph = model.Graph;
        var (pooled, hidden) = AddPooling(graph, weights.GetLength(0));
        if (weights.GetLength(0) != hidden || weights.GetLength(1) != bias.Length)
        {
            throw new ArgumentException($"Head weights are [{weights.GetLength(0)}, {weights.GetLength(1)}], bias {bias.Length}; the encoder's hidden size is {hidden}.", nameof(weights));
        }

        var flat = new float[weights.Length];
        Buffer.BlockCopy(weights, 0, flat, 0, flat.Length * sizeof(float));
        graph.Initializer.Add(FloatTensor(Prefix + "W", flat, hidden, bias.Length));
        graph.Initializer.Add(FloatTensor(Prefix + "b", bias, bias.Length));
        graph.Node.Add(Node("Gemm", [pooled, Prefix + "W", Prefix + "b"], LogitsOutput));
        graph.Output.Clear();
        graph.Output.Add(FloatMatrix(LogitsOutput, bias.Length));
        Prune(graph);
        model.ProducerName = "SentimentFactor";
        return model;
    }

    // The hidden size comes from the caller: exported encoders often leave it symbolic in the graph's output.
    private static (string Output, int Hidden) AddPooling(GraphProto graph, int hiddenSize)
    {
        var last = graph.Output.FirstOrDefault(o => o.Type?.TensorType?.Shape?.Dim.Count == 3)
            ?? throw new InvalidOperationException("The encoder graph has no [batch, sequence, hidden] output.");
        var hiddenDim = last.Type.TensorType.Shape.Dim[2];
        if (hiddenDim.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && hiddenDim.DimValue != hiddenSize)
        {
            throw new InvalidOperationException($"The encoder output {last.Name} has hidden size {hiddenDim.DimValue}, not {hiddenSize}.");
        }

        if (!graph.Input.Any(i => i.Name == "attention_mask"))
        {
            throw new InvalidOperationException("The encoder graph has no attention_mask input.");
        }

        graph.Initializer.Add(Int64Tensor(Prefix + "axis1", [1], 1));
        graph.Initializer.Add(Int64Tensor(Prefix + "axis2", [2], 1));
        graph.Initializer.Add(FloatTensor(Prefix + "count_floor", [1e-9f]));
        graph.Initializer.Add(FloatTensor(Prefix + "norm_floor", [1e-12f]));
        var cast = Node("Cast", ["attention_mask"], Prefix + "mask_f");
        cast.Attribute.Add(new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = FloatType });
        graph.Node.Add(cast);
        graph.Node.Add(Node("Unsqueeze", [Prefix + "mask_f", Prefix + "axis2"], Prefix + "mask_3d"));
        graph.Node.Add(Node("Mul", [last.Name, Prefix + "mask_3d"], Prefix + "masked"));
        graph.Node.Add(ReduceSum(Prefix + "masked", Prefix + "sum", keepDims: false));
        graph.Node.Add(ReduceSum(Prefix + "mask_3d", Prefix + "count", keepDims: false));
        graph.Node.Add(Node("Max", [Prefix + "count", Prefix + "count_floor"], Prefix + "count_safe"));
        graph.Node.Add(Node("Div", [Prefix + "sum", Prefix + "count_safe"], Prefix + "mean"));
        graph.Node.Add(Node("Mul", [Prefix + "mean", Prefix + "mean"], Prefix + "squares"));
        graph.Node.Add(ReduceSum(Prefix + "squares", Prefix + "sum_squares", keepDims: true));
        graph.Node.Add(Node("Sqrt", [Prefix + "sum_squares"], Prefix + "norm"));
        graph.Node.Add(Node("Max", [Prefix + "norm", Prefix + "norm_floor"], Prefix + "norm_safe"));
        graph.Node.Add(Node("Div", [Prefix + "mean", Prefix + "norm_safe"], EmbeddingOutput));
        return (EmbeddingOutput, hiddenSize);
    }

    // ReduceSum over the sequence axis (axis 1); opset 13 takes axes as an input.
    private static NodeProto ReduceSum(string input, string output, bool keepDims)
    {
        var node = Node("ReduceSum", [input, Prefix + "axis1"], output);
        node.Attribute.Add(new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = keepDims ? 1 : 0 });
        return node;
    }

    private static NodeProto Node(string op, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = output + "_" + op };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

    private static TensorProto FloatTensor(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = FloatType };
        tensor.Dims.AddRange(dims);
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        tensor.RawData = ByteString.CopyFrom(bytes);
        return tensor;
    }

    private static TensorProto Int64Tensor(string name, long[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = Int64Type };
        tensor.Dims.AddRange(dims);
        tensor.Int64Data.AddRange(values);
        return tensor;
    }

    private static ValueInfoProto FloatMatrix(string name, int width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = FloatType, Shape = shape } },
        };
    }

    // Keeps the nodes and initializers the graph outputs depend on (the encoder's pooler output is dropped).
    private static void Prune(GraphProto graph)
    {
        var needed = new HashSet<string>(graph.Output.Select(o => o.Name));
        var kept = new List<NodeProto>();
        for (var i = graph.Node.Count - 1; i >= 0; i--)
        {
            var node = graph.Node[i];
            if (node.Output.Any(needed.Contains))
            {
                kept.Add(node);
                foreach (var input in node.Input)
                {
                    needed.Add(input);
                }

                // Subgraphs (If/Loop bodies) may read outer values: keep what they name too.
                foreach (var attribute in node.Attribute.Where(a => a.G is not null))
                {
                    foreach (var inner in attribute.G.Node.SelectMany(n => n.Input))
                    {
                        needed.Add(inner);
                    }
                }
            }
        }

        kept.Reverse();
        graph.Node.Clear();
        graph.Node.AddRange(kept);
        var initializers = graph.Initializer.Where(t => needed.Contains(t.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(initializers);
        var valueInfo = graph.ValueInfo.Where(v => needed.Contains(v.Name)).ToList();
        graph.ValueInfo.Clear();
        graph.ValueInfo.AddRange(valueInfo);
    }
}
