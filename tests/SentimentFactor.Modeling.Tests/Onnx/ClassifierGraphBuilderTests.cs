using System.Security.Cryptography;
using Google.Protobuf;
using Onnx;
using SentimentFactor.Modeling.Onnx;

namespace SentimentFactor.Modeling.Tests.Onnx;

/// <summary>
/// The graphs ClassifierGraphBuilder writes, to the byte: an assembled model's id is the SHA-256 of its model.onnx,
/// so a refactoring that renames a node or stores a constant differently would silently give every model a new id.
/// The hashes were taken from the builder before it moved onto OnnxGraphBuilder's helpers (issue #18).
/// </summary>
public sealed class ClassifierGraphBuilderTests
{
    private const int Hidden = 4;
    private const int Vocabulary = 10;
    private const int Labels = 3;

    // As MiniLM-L6: the default pooling is the mean of layer 6.
    private const int Layers = 6;

    private static readonly PoolingBlock[] Blocks = [new(5, PoolingKind.Mean), new(6, PoolingKind.Max), new(0, PoolingKind.Cls)];

    [Fact]
    public void Embedder_bytes_are_unchanged() =>
        AssertHash("0e7952cffcd3502fec6501eebf03e502c66f5978786b8419004931ab3eb53503", ClassifierGraphBuilder.BuildEmbedder(Encoder(), Hidden));

    [Fact]
    public void Feature_extractor_with_several_blocks_bytes_are_unchanged() =>
        AssertHash("a16c28844e18067bc662b61baa59bfa58ada317ef78b65a4bbf10d0d5e16c10d", ClassifierGraphBuilder.BuildFeatureExtractor(Encoder(), Hidden, Blocks));

    [Fact]
    public void Classifier_bytes_are_unchanged() =>
        AssertHash("5b8a8ddfbded3e18ba3047db5e1e2ba1a6f21af9024b1a7f45ce27ffa259af9f", ClassifierGraphBuilder.BuildClassifier(Encoder(), Weights(Hidden), Bias()));

    [Fact]
    public void Classifier_with_several_blocks_and_a_lexical_table_bytes_are_unchanged() =>
        AssertHash("45c285cd489ffbb1a26274cbeeacec5d766f44303b73a444eaefb76a26af2ac0", ClassifierGraphBuilder.BuildClassifier(
            Encoder(), Hidden, Blocks, Weights(Hidden * Blocks.Length), Bias(), [.. Enumerable.Range(0, Vocabulary * Labels).Select(i => (i % 7) * 0.25f - 0.5f)]));

    [Fact]
    public void Pruning_drops_what_no_output_needs()
    {
        var graph = ClassifierGraphBuilder.BuildClassifier(Encoder(), Weights(Hidden), Bias()).Graph;

        Assert.DoesNotContain(graph.Node, n => n.Output.Contains("pooler_output"));
        Assert.DoesNotContain(graph.Initializer, t => t.Name == "pooler.bias");
        Assert.Equal([ClassifierGraphBuilder.LogitsOutput], graph.Output.Select(o => o.Name));
    }

    private static void AssertHash(string expected, ModelProto model) =>
        Assert.Equal(expected, Convert.ToHexStringLower(SHA256.HashData(model.ToByteArray())));

    private static float[,] Weights(int rows)
    {
        var weights = new float[rows, Labels];
        for (var j = 0; j < rows; j++)
        {
            for (var k = 0; k < Labels; k++)
            {
                weights[j, k] = ((j * Labels) + k - 5) * 0.125f;
            }
        }

        return weights;
    }

    private static float[] Bias() => [0.1f, -0.2f, 0.3f];

    // A toy encoder with a Hugging Face export's names: each layer ends with the Add of its output LayerNorm's bias
    // (layer 0: the embeddings'), the last one is the [batch, sequence, hidden] output, and a pooler output that no
    // head needs.
    private static ModelProto Encoder()
    {
        var graph = new GraphProto { Name = "toy_encoder" };
        graph.Input.Add(Value("input_ids", TensorProto.Types.DataType.Int64, "batch", "sequence"));
        graph.Input.Add(Value("attention_mask", TensorProto.Types.DataType.Int64, "batch", "sequence"));
        graph.Initializer.Add(Floats("embeddings.word_embeddings.weight", Vocabulary, Hidden));
        graph.Initializer.Add(Floats("embeddings.LayerNorm.bias", Hidden));
        graph.Node.Add(Node("Gather", ["embeddings.word_embeddings.weight", "input_ids"], "embedded"));
        graph.Node.Add(Node("Add", ["embedded", "embeddings.LayerNorm.bias"], "layer0"));
        for (var layer = 1; layer <= Layers; layer++)
        {
            var bias = $"encoder.layer.{layer - 1}.output.LayerNorm.bias";
            graph.Initializer.Add(Floats(bias, Hidden));
            graph.Node.Add(Node("Tanh", [$"layer{layer - 1}"], $"mixed{layer}"));
            graph.Node.Add(Node("Add", [$"mixed{layer}", bias], layer == Layers ? "last_hidden_state" : $"layer{layer}"));
        }

        graph.Initializer.Add(Floats("pooler.bias", Hidden));
        graph.Node.Add(Node("Add", ["last_hidden_state", "pooler.bias"], "pooler_output"));
        graph.Output.Add(Value("last_hidden_state", TensorProto.Types.DataType.Float, "batch", "sequence", Hidden));
        graph.Output.Add(Value("pooler_output", TensorProto.Types.DataType.Float, "batch", Hidden));
        var model = new ModelProto { IrVersion = 8, ProducerName = "toy", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 14 });
        return model;
    }

    private static NodeProto Node(string op, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = "/" + output + "/" + op };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

    private static TensorProto Floats(string name, params long[] dims)
    {
        var count = (int)dims.Aggregate(1L, (a, b) => a * b);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(Enumerable.Range(0, count).Select(i => ((i % 5) - 2) * 0.1f));
        return tensor;
    }

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim is string symbol
                ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = (int)dim });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
