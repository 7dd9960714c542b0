using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Onnx;
using SentimentFactor.Scoring.DefaultModel;
using SentimentFactor.Scoring.Tokenization;

namespace SentimentFactor.Scoring.Tests;

/// <summary>
/// Model directories for tests: a tiny BERT-contract graph (embedding lookup, masked mean pooling, linear head) over
/// the MiniLM vocabulary, and the MiniLM vocabulary / tokenizer.json themselves. Written once per test run.
/// </summary>
internal static class TestModels
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), "sf-scoring-tests-" + Environment.ProcessId);
        Directory.CreateDirectory(root);
        return root;
    });

    private static readonly Lazy<string> MiniLmVocabularyText = new(() => Encoding.UTF8.GetString(MiniLmPackage.ReadVocabulary()));

    public static string Vocabulary => MiniLmVocabularyText.Value;

    public static string TempDirectory(string name)
    {
        var dir = Path.Combine(Root.Value, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>vocab.txt of MiniLM written to a folder, and the equivalent Hugging Face tokenizer.json beside it.</summary>
    public static string VocabularyDirectory(int maxLength) => Cached("vocab-" + maxLength, dir =>
    {
        File.WriteAllText(Path.Combine(dir, "vocab.txt"), Vocabulary);
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), HuggingFaceTokenizerJson(maxLength));
    });

    /// <summary>
    /// A tiny classifier obeying the model contract: logits = mean over unmasked tokens of E[input_ids] x W + b,
    /// with E [vocabRows, 8] and W [8, labels] seeded random. Options change one thing to break the contract.
    /// </summary>
    public static string Tiny(
        string name, int labels = 3, string[]? labelNames = null, int vocabRows = 30_522, bool tokenTypes = true,
        string logitsName = "logits", int maxLength = 64, string? vocabulary = null, byte[]? modelBytes = null,
        bool float16Logits = false) => Cached(name, dir =>
    {
        File.WriteAllBytes(Path.Combine(dir, "model.onnx"), modelBytes ?? TinyGraph(labels, vocabRows, tokenTypes, logitsName, float16Logits).ToByteArray());
        File.WriteAllText(Path.Combine(dir, "vocab.txt"), vocabulary ?? Vocabulary);
        var names = labelNames ?? new[] { "negative", "neutral", "positive", "other", "more" }[..labels];
        var config = new Dictionary<string, object>
        {
            ["name"] = name,
            ["id2label"] = names.Select((n, i) => (n, i)).ToDictionary(p => p.i.ToString(), p => p.n),
            ["max_position_embeddings"] = maxLength,
            ["do_lower_case"] = true,
        };
        File.WriteAllText(Path.Combine(dir, "config.json"), JsonSerializer.Serialize(config));
    });

    private static string Cached(string name, Action<string> write)
    {
        var dir = Path.Combine(Root.Value, name);
        lock (Root)
        {
            if (!Directory.Exists(dir))
            {
                var staging = dir + ".tmp";
                Directory.CreateDirectory(staging);
                write(staging);
                Directory.Move(staging, dir);
            }
        }

        return dir;
    }

    private static ModelProto TinyGraph(int labels, int vocabRows, bool tokenTypes, string logitsName, bool float16Logits)
    {
        const int hidden = 8;
        var random = new Random(7);
        var graph = new GraphProto { Name = "tiny-bert" };
        graph.Input.Add(Int64Input("input_ids"));
        graph.Input.Add(Int64Input("attention_mask"));
        if (tokenTypes)
        {
            graph.Input.Add(Int64Input("token_type_ids"));
        }

        graph.Initializer.Add(Floats("E", Enumerable.Range(0, vocabRows * hidden).Select(_ => (float)random.NextDouble() - 0.5f).ToArray(), vocabRows, hidden));
        graph.Initializer.Add(Floats("W", Enumerable.Range(0, hidden * labels).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray(), hidden, labels));
        graph.Initializer.Add(Floats("b", Enumerable.Range(0, labels).Select(_ => (float)random.NextDouble()).ToArray(), labels));
        graph.Initializer.Add(new TensorProto { Name = "axis1", DataType = (int)TensorProto.Types.DataType.Int64, Dims = { 1 }, Int64Data = { 1 } });
        graph.Initializer.Add(new TensorProto { Name = "axis2", DataType = (int)TensorProto.Types.DataType.Int64, Dims = { 1 }, Int64Data = { 2 } });
        var cast = Node("Cast", ["attention_mask"], "mask_f");
        cast.Attribute.Add(new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        graph.Node.Add(Node("Gather", ["E", "input_ids"], "emb"));
        graph.Node.Add(cast);
        graph.Node.Add(Node("Unsqueeze", ["mask_f", "axis2"], "mask3"));
        graph.Node.Add(Node("Mul", ["emb", "mask3"], "masked"));
        graph.Node.Add(Node("ReduceSum", ["masked", "axis1"], "sum", keepDims: 0));
        graph.Node.Add(Node("ReduceSum", ["mask3", "axis1"], "count", keepDims: 0));
        graph.Node.Add(Node("Div", ["sum", "count"], "pooled"));
        if (float16Logits)
        {
            graph.Node.Add(Node("Gemm", ["pooled", "W", "b"], "logits32"));
            var half = Node("Cast", ["logits32"], logitsName);
            half.Attribute.Add(new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = 10 });
            graph.Node.Add(half);
        }
        else
        {
            graph.Node.Add(Node("Gemm", ["pooled", "W", "b"], logitsName));
        }

        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = labels });
        graph.Output.Add(new ValueInfoProto
        {
            Name = logitsName,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = float16Logits ? 10 : 1, Shape = shape } },
        });
        var model = new ModelProto { IrVersion = 7, Graph = graph, ProducerName = "sf-tests" };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model;
    }

    private static ValueInfoProto Int64Input(string name)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "sequence" });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 7, Shape = shape } },
        };
    }

    private static TensorProto Floats(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = 1 };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }

    private static NodeProto Node(string op, string[] inputs, string output, int? keepDims = null)
    {
        var node = new NodeProto { OpType = op, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        if (keepDims is { } k)
        {
            node.Attribute.Add(new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = k });
        }

        return node;
    }

    private static string HuggingFaceTokenizerJson(int maxLength)
    {
        var lines = new List<string>();
        using var reader = new StringReader(Vocabulary);
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return BertTokenizerJson.FromVocabulary(lines, lowerCase: true, truncateTo: maxLength);
    }
}
