using Google.Protobuf;
using Onnx;

namespace SentimentFactor.Modeling.Onnx;

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
    public static ModelProto BuildEmbedder(ModelProto encoder, int hiddenSize) =>
        BuildFeatureExtractor(encoder, hiddenSize, PoolingBlock.LastLayerMean);

    /// <summary>
    /// Encoder + one L2-normalised pooled block per <paramref name="blocks"/> entry, concatenated in order; output
    /// <see cref="EmbeddingOutput"/> [batch, blocks x hidden].
    /// </summary>
    public static ModelProto BuildFeatureExtractor(ModelProto encoder, int hiddenSize, IReadOnlyList<PoolingBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        var model = encoder.Clone();
        var graph = model.Graph;
        var (pooled, width) = AddPooling(graph, hiddenSize, blocks);
        graph.Output.Clear();
        graph.Output.Add(FloatMatrix(pooled, width));
        Prune(graph);
        return model;
    }

    /// <summary>
    /// Encoder + pooling + normalisation + logits = embedding x <paramref name="weights"/> [hidden, labels] + <paramref name="bias"/>;
    /// output <see cref="LogitsOutput"/> [batch, labels].
    /// </summary>
    public static ModelProto BuildClassifier(ModelProto encoder, float[,] weights, float[] bias)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return BuildClassifier(encoder, weights.GetLength(0), PoolingBlock.LastLayerMean, weights, bias, lexical: null);
    }

    /// <summary>
    /// Encoder + pooled blocks (<see cref="BuildFeatureExtractor"/>) + a linear head, plus, when <paramref name="lexical"/>
    /// is given, a lexical term: the mean over unmasked tokens of lexical[input_id] (a [vocab, labels] table, row-major),
    /// added to the logits. Output <see cref="LogitsOutput"/> [batch, labels].
    /// </summary>
    public static ModelProto BuildClassifier(
        ModelProto encoder, int hiddenSize, IReadOnlyList<PoolingBlock> blocks, float[,] weights, float[] bias, float[]? lexical)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        var model = encoder.Clone();
        var graph = model.Graph;
        var (pooled, width) = AddPooling(graph, hiddenSize, blocks);
        if (weights.GetLength(0) != width || weights.GetLength(1) != bias.Length)
        {
            throw new ArgumentException($"Head weights are [{weights.GetLength(0)}, {weights.GetLength(1)}], bias {bias.Length}; the pooled features are {width} wide.", nameof(weights));
        }

        var flat = new float[weights.Length];
        Buffer.BlockCopy(weights, 0, flat, 0, flat.Length * sizeof(float));
        graph.Initializer.Add(FloatTensor(Prefix + "W", flat, width, bias.Length));
        graph.Initializer.Add(FloatTensor(Prefix + "b", bias, bias.Length));
        if (lexical is null)
        {
            graph.Node.Add(Node("Gemm", [pooled, Prefix + "W", Prefix + "b"], LogitsOutput));
        }
        else
        {
            if (lexical.Length % bias.Length != 0)
            {
                throw new ArgumentException($"The lexical table has {lexical.Length} values, not a multiple of {bias.Length} labels.", nameof(lexical));
            }

            graph.Node.Add(Node("Gemm", [pooled, Prefix + "W", Prefix + "b"], Prefix + "dense_logits"));
            graph.Initializer.Add(FloatTensor(Prefix + "lexical", lexical, lexical.Length / bias.Length, bias.Length));
            graph.Node.Add(Node("Gather", [Prefix + "lexical", "input_ids"], Prefix + "lex_tokens"));
            graph.Node.Add(Node("Mul", [Prefix + "lex_tokens", Prefix + "mask_3d"], Prefix + "lex_masked"));
            graph.Node.Add(ReduceSum(Prefix + "lex_masked", Prefix + "lex_sum", keepDims: false));
            graph.Node.Add(Node("Div", [Prefix + "lex_sum", Prefix + "count_safe"], Prefix + "lex_mean"));
            graph.Node.Add(Node("Add", [Prefix + "dense_logits", Prefix + "lex_mean"], LogitsOutput));
        }

        graph.Output.Clear();
        graph.Output.Add(FloatMatrix(LogitsOutput, bias.Length));
        Prune(graph);
        model.ProducerName = "SentimentFactor";
        return model;
    }

    // The hidden size comes from the caller: exported encoders often leave it symbolic in the graph's output.
    private static (string Output, int Width) AddPooling(GraphProto graph, int hiddenSize, IReadOnlyList<PoolingBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Count == 0)
        {
            throw new ArgumentException("At least one pooling block is needed.", nameof(blocks));
        }

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
        graph.Initializer.Add(FloatTensor(Prefix + "one", [1f]));
        graph.Initializer.Add(FloatTensor(Prefix + "big", [1e4f]));
        graph.Initializer.Add(Int64Tensor(Prefix + "first", [0]));
        var cast = Node("Cast", ["attention_mask"], Prefix + "mask_f");
        cast.Attribute.Add(new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = FloatType });
        graph.Node.Add(cast);
        graph.Node.Add(Node("Unsqueeze", [Prefix + "mask_f", Prefix + "axis2"], Prefix + "mask_3d"));
        graph.Node.Add(ReduceSum(Prefix + "mask_3d", Prefix + "count", keepDims: false));
        graph.Node.Add(Node("Max", [Prefix + "count", Prefix + "count_floor"], Prefix + "count_safe"));

        var outputs = new List<string>();
        foreach (var block in blocks)
        {
            var hidden = LayerOutput(graph, block.Layer);
            var p = Prefix + block.Kind.ToString().ToLowerInvariant() + block.Layer + "/";
            string pooled;
            switch (block.Kind)
            {
                case PoolingKind.Mean:
                    graph.Node.Add(Node("Mul", [hidden, Prefix + "mask_3d"], p + "masked"));
                    graph.Node.Add(ReduceSum(p + "masked", p + "sum", keepDims: false));
                    graph.Node.Add(Node("Div", [p + "sum", Prefix + "count_safe"], p + "pooled"));
                    pooled = p + "pooled";
                    break;
                case PoolingKind.Max:
                    // Masked tokens get -1e4 so they never win the maximum.
                    graph.Node.Add(Node("Sub", [Prefix + "mask_3d", Prefix + "one"], p + "off"));
                    graph.Node.Add(Node("Mul", [p + "off", Prefix + "big"], p + "penalty"));
                    graph.Node.Add(Node("Add", [hidden, p + "penalty"], p + "masked"));
                    var max = Node("ReduceMax", [p + "masked"], p + "pooled");
                    // Opset 13 takes ReduceMax's axes as an attribute.
                    max.Attribute.Add(new AttributeProto { Name = "axes", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 1 } });
                    max.Attribute.Add(new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = 0 });
                    graph.Node.Add(max);
                    pooled = p + "pooled";
                    break;
                default:
                    var gather = Node("Gather", [hidden, Prefix + "first"], p + "pooled");
                    gather.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
                    graph.Node.Add(gather);
                    pooled = p + "pooled";
                    break;
            }

            var normalised = blocks.Count == 1 ? EmbeddingOutput : p + "normalised";
            graph.Node.Add(Node("Mul", [pooled, pooled], p + "squares"));
            graph.Node.Add(ReduceSum(p + "squares", p + "sum_squares", keepDims: true));
            graph.Node.Add(Node("Sqrt", [p + "sum_squares"], p + "norm"));
            graph.Node.Add(Node("Max", [p + "norm", Prefix + "norm_floor"], p + "norm_safe"));
            graph.Node.Add(Node("Div", [pooled, p + "norm_safe"], normalised));
            outputs.Add(normalised);
        }

        if (blocks.Count > 1)
        {
            var concat = Node("Concat", [.. outputs], EmbeddingOutput);
            concat.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            graph.Node.Add(concat);
        }

        return (EmbeddingOutput, hiddenSize * blocks.Count);
    }

    // Hugging Face BERT exports end each layer with the output LayerNorm's bias Add (layer 0: the embeddings' LayerNorm).
    private static string LayerOutput(GraphProto graph, int layer)
    {
        var bias = layer == 0 ? "embeddings.LayerNorm.bias" : $"encoder.layer.{layer - 1}.output.LayerNorm.bias";
        var node = graph.Node.FirstOrDefault(n => n.OpType == "Add" && n.Input.Contains(bias))
            ?? throw new InvalidOperationException($"The encoder graph has no layer {layer} output (no Add with {bias}).");
        return node.Output[0];
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
