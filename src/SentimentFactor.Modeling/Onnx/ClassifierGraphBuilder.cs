using Onnx;
using static SentimentFactor.Modeling.Onnx.OnnxGraphBuilder;

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
        var graph = Continue(model);
        var (pooled, width) = AddPooling(graph, hiddenSize, blocks);
        SetOutput(graph, pooled, width);
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
        var graph = Continue(model);
        var (pooled, width) = AddPooling(graph, hiddenSize, blocks);
        if (weights.GetLength(0) != width || weights.GetLength(1) != bias.Length)
        {
            throw new ArgumentException($"Head weights are [{weights.GetLength(0)}, {weights.GetLength(1)}], bias {bias.Length}; the pooled features are {width} wide.", nameof(weights));
        }

        var flat = new float[weights.Length];
        Buffer.BlockCopy(weights, 0, flat, 0, flat.Length * sizeof(float));
        graph.AddInitializer(Prefix + "W", flat, [width, bias.Length]);
        graph.AddInitializer(Prefix + "b", bias, [bias.Length]);
        if (lexical is null)
        {
            graph.NamedNode("Gemm", [pooled, Prefix + "W", Prefix + "b"], LogitsOutput);
        }
        else
        {
            if (lexical.Length % bias.Length != 0)
            {
                throw new ArgumentException($"The lexical table has {lexical.Length} values, not a multiple of {bias.Length} labels.", nameof(lexical));
            }

            graph.NamedNode("Gemm", [pooled, Prefix + "W", Prefix + "b"], Prefix + "dense_logits");
            graph.AddInitializer(Prefix + "lexical", lexical, [lexical.Length / bias.Length, bias.Length]);
            graph.NamedNode("Gather", [Prefix + "lexical", "input_ids"], Prefix + "lex_tokens");
            graph.NamedNode("Mul", [Prefix + "lex_tokens", Prefix + "mask_3d"], Prefix + "lex_masked");
            ReduceSum(graph, Prefix + "lex_masked", Prefix + "lex_sum", keepDims: false);
            graph.NamedNode("Div", [Prefix + "lex_sum", Prefix + "count_safe"], Prefix + "lex_mean");
            graph.NamedNode("Add", [Prefix + "dense_logits", Prefix + "lex_mean"], LogitsOutput);
        }

        SetOutput(graph, LogitsOutput, bias.Length);
        model.ProducerName = "SentimentFactor";
        return model;
    }

    // The hidden size comes from the caller: exported encoders often leave it symbolic in the graph's output.
    private static (string Output, int Width) AddPooling(OnnxGraphBuilder graph, int hiddenSize, IReadOnlyList<PoolingBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Count == 0)
        {
            throw new ArgumentException("At least one pooling block is needed.", nameof(blocks));
        }

        var last = graph.Graph.Output.FirstOrDefault(o => o.Type?.TensorType?.Shape?.Dim.Count == 3)
            ?? throw new InvalidOperationException("The encoder graph has no [batch, sequence, hidden] output.");
        var hiddenDim = last.Type.TensorType.Shape.Dim[2];
        if (hiddenDim.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && hiddenDim.DimValue != hiddenSize)
        {
            throw new InvalidOperationException($"The encoder output {last.Name} has hidden size {hiddenDim.DimValue}, not {hiddenSize}.");
        }

        if (!graph.Graph.Input.Any(i => i.Name == "attention_mask"))
        {
            throw new InvalidOperationException("The encoder graph has no attention_mask input.");
        }

        graph.AddInt64Initializer(Prefix + "axis1", [1], [1], rawData: false);
        graph.AddInt64Initializer(Prefix + "axis2", [2], [1], rawData: false);
        graph.AddInitializer(Prefix + "count_floor", [1e-9f], []);
        graph.AddInitializer(Prefix + "norm_floor", [1e-12f], []);
        graph.AddInitializer(Prefix + "one", [1f], []);
        graph.AddInitializer(Prefix + "big", [1e4f], []);
        graph.AddInt64Initializer(Prefix + "first", [0], [], rawData: false);
        graph.NamedNode("Cast", ["attention_mask"], Prefix + "mask_f", IntAttribute("to", (int)TensorProto.Types.DataType.Float));
        graph.NamedNode("Unsqueeze", [Prefix + "mask_f", Prefix + "axis2"], Prefix + "mask_3d");
        ReduceSum(graph, Prefix + "mask_3d", Prefix + "count", keepDims: false);
        graph.NamedNode("Max", [Prefix + "count", Prefix + "count_floor"], Prefix + "count_safe");

        var outputs = new List<string>();
        foreach (var block in blocks)
        {
            var hidden = LayerOutput(graph.Graph, block.Layer);
            var p = Prefix + block.Kind.ToString().ToLowerInvariant() + block.Layer + "/";
            string pooled;
            switch (block.Kind)
            {
                case PoolingKind.Mean:
                    graph.NamedNode("Mul", [hidden, Prefix + "mask_3d"], p + "masked");
                    ReduceSum(graph, p + "masked", p + "sum", keepDims: false);
                    pooled = graph.NamedNode("Div", [p + "sum", Prefix + "count_safe"], p + "pooled");
                    break;
                case PoolingKind.Max:
                    // Masked tokens get -1e4 so they never win the maximum.
                    graph.NamedNode("Sub", [Prefix + "mask_3d", Prefix + "one"], p + "off");
                    graph.NamedNode("Mul", [p + "off", Prefix + "big"], p + "penalty");
                    graph.NamedNode("Add", [hidden, p + "penalty"], p + "masked");
                    // Opset 13 takes ReduceMax's axes as an attribute.
                    pooled = graph.NamedNode("ReduceMax", [p + "masked"], p + "pooled", IntsAttribute("axes", 1), IntAttribute("keepdims", 0));
                    break;
                default:
                    pooled = graph.NamedNode("Gather", [hidden, Prefix + "first"], p + "pooled", IntAttribute("axis", 1));
                    break;
            }

            var normalised = blocks.Count == 1 ? EmbeddingOutput : p + "normalised";
            graph.NamedNode("Mul", [pooled, pooled], p + "squares");
            ReduceSum(graph, p + "squares", p + "sum_squares", keepDims: true);
            graph.NamedNode("Sqrt", [p + "sum_squares"], p + "norm");
            graph.NamedNode("Max", [p + "norm", Prefix + "norm_floor"], p + "norm_safe");
            outputs.Add(graph.NamedNode("Div", [pooled, p + "norm_safe"], normalised));
        }

        if (blocks.Count > 1)
        {
            graph.NamedNode("Concat", outputs, EmbeddingOutput, IntAttribute("axis", 1));
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
    private static void ReduceSum(OnnxGraphBuilder graph, string input, string output, bool keepDims) =>
        graph.NamedNode("ReduceSum", [input, Prefix + "axis1"], output, IntAttribute("keepdims", keepDims ? 1 : 0));

    // The head goes after the encoder's own nodes and names; the builder's Build is not used, the encoder's model
    // (opset, producer, metadata) is kept.
    private static OnnxGraphBuilder Continue(ModelProto model) =>
        new(model.Graph, (int)model.OpsetImport.Where(o => o.Domain.Length == 0).Select(o => o.Version).FirstOrDefault());

    // The one output [batch, width] replaces the encoder's; what it does not need goes.
    private static void SetOutput(OnnxGraphBuilder graph, string output, int width)
    {
        graph.Graph.Output.Clear();
        graph.AddOutput(output, output, TensorProto.Types.DataType.Float, "batch", width);
        Prune(graph.Graph);
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
