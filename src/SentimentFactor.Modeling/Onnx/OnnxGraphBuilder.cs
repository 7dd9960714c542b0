using System.Buffers.Binary;
using System.Globalization;
using Google.Protobuf;
using Onnx;

namespace SentimentFactor.Modeling.Onnx;

/// <summary>
/// Builds an ONNX graph with OnnxSharp's protobuf types: named initializers (stored once; constants deduplicated),
/// nodes with generated unique output names, graph inputs and outputs with symbolic dimensions, and the final
/// <see cref="ModelProto"/> with IR version and opset imports (ai.onnx, plus com.microsoft when a contrib op was used).
/// </summary>
public sealed class OnnxGraphBuilder
{
    /// <summary>The domain of ONNX Runtime's contrib operators.</summary>
    public const string MicrosoftDomain = "com.microsoft";

    /// <summary>IR version written (IR 10, ONNX 1.16).</summary>
    public const long IrVersion = 10;

    private readonly GraphProto _graph;
    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter;
    private bool _usesMicrosoftDomain;

    /// <summary>Starts an empty graph named <paramref name="graphName"/> for ai.onnx opset <paramref name="opset"/>.</summary>
    public OnnxGraphBuilder(string graphName, int opset)
    {
        _graph = new GraphProto { Name = graphName };
        Opset = opset;
    }

    /// <summary>
    /// Continues <paramref name="graph"/>, a graph built elsewhere (an exported encoder): what is added goes after its
    /// nodes and initializers, and the names it already uses are taken.
    /// </summary>
    public OnnxGraphBuilder(GraphProto graph, int opset)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _graph = graph;
        Opset = opset;
        var taken = graph.Input.Select(i => i.Name)
            .Concat(graph.Initializer.Select(t => t.Name))
            .Concat(graph.Node.SelectMany(n => n.Output.Append(n.Name)));
        _names.UnionWith(taken.Where(name => name.Length > 0));
    }

    /// <summary>The ai.onnx opset the graph targets.</summary>
    public int Opset { get; }

    /// <summary>The graph built so far.</summary>
    public GraphProto Graph => _graph;

    /// <summary>Adds a float initializer, stored as float32 or (when <paramref name="fp16"/>) float16 raw data.</summary>
    public string AddInitializer(string name, ReadOnlySpan<float> data, IReadOnlyList<long> dims, bool fp16 = false)
    {
        var tensor = new TensorProto { Name = Reserve(name), DataType = (int)(fp16 ? TensorProto.Types.DataType.Float16 : TensorProto.Types.DataType.Float) };
        tensor.Dims.AddRange(dims);
        var bytes = new byte[data.Length * (fp16 ? 2 : 4)];
        for (var i = 0; i < data.Length; i++)
        {
            if (fp16)
            {
                BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(2 * i), (Half)data[i]);
            }
            else
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), data[i]);
            }
        }

        tensor.RawData = ByteString.CopyFrom(bytes);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>
    /// Adds an int64 initializer, as raw data, or (<paramref name="rawData"/> false) in the tensor's int64_data field:
    /// the same values, other bytes, which the classifier heads of <see cref="ClassifierGraphBuilder"/> were first
    /// written with and their model ids depend on.
    /// </summary>
    public string AddInt64Initializer(string name, ReadOnlySpan<long> data, IReadOnlyList<long> dims, bool rawData = true)
    {
        var tensor = new TensorProto { Name = Reserve(name), DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(dims);
        if (!rawData)
        {
            foreach (var value in data)
            {
                tensor.Int64Data.Add(value);
            }

            _graph.Initializer.Add(tensor);
            return tensor.Name;
        }

        var bytes = new byte[data.Length * 8];
        for (var i = 0; i < data.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8 * i), data[i]);
        }

        tensor.RawData = ByteString.CopyFrom(bytes);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>A 1-D int64 constant (shared by every user of the same values).</summary>
    public string Int64s(params long[] values)
    {
        var key = "i64:" + string.Join(",", values);
        if (!_constants.TryGetValue(key, out var name))
        {
            name = AddInt64Initializer("const_i64_" + string.Join("_", values.Select(v => v.ToString(CultureInfo.InvariantCulture).Replace('-', 'm'))), values, [values.Length]);
            _constants[key] = name;
        }

        return name;
    }

    /// <summary>A scalar int64 constant (shared).</summary>
    public string Int64Scalar(long value)
    {
        var key = "i64s:" + value.ToString(CultureInfo.InvariantCulture);
        if (!_constants.TryGetValue(key, out var name))
        {
            name = AddInt64Initializer("const_i64_scalar_" + value.ToString(CultureInfo.InvariantCulture).Replace('-', 'm'), [value], []);
            _constants[key] = name;
        }

        return name;
    }

    /// <summary>A scalar float constant (shared), float32 or float16.</summary>
    public string FloatScalar(float value, bool fp16 = false)
    {
        var key = (fp16 ? "f16:" : "f32:") + value.ToString("R", CultureInfo.InvariantCulture);
        if (!_constants.TryGetValue(key, out var name))
        {
            name = AddInitializer((fp16 ? "const_f16_" : "const_f32_") + _constants.Count.ToString(CultureInfo.InvariantCulture), [value], [], fp16);
            _constants[key] = name;
        }

        return name;
    }

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string opType, IReadOnlyList<string> inputs, params AttributeProto[] attributes) =>
        NodeWithOutputs(opType, inputs, 1, null, attributes)[0];

    /// <summary>
    /// Adds an ai.onnx node whose one output is named <paramref name="output"/> by the caller (the node: output_opType)
    /// and returns that name.
    /// </summary>
    public string NamedNode(string opType, IReadOnlyList<string> inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = Reserve(output + "_" + opType) };
        node.Input.AddRange(inputs);
        node.Output.Add(Reserve(output));
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return output;
    }

    /// <summary>Adds a com.microsoft contrib node with one output and returns the output's name.</summary>
    public string MicrosoftNode(string opType, IReadOnlyList<string> inputs, params AttributeProto[] attributes) =>
        NodeWithOutputs(opType, inputs, 1, MicrosoftDomain, attributes)[0];

    /// <summary>
    /// Adds a node with <paramref name="outputs"/> outputs. An output index listed in <paramref name="skipOutputs"/> is
    /// left unnamed (an omitted optional output); its slot in the result is the empty string.
    /// </summary>
    public string[] NodeWithOutputs(string opType, IReadOnlyList<string> inputs, int outputs, string? domain,
        AttributeProto[] attributes, params int[] skipOutputs)
    {
        var node = new NodeProto { OpType = opType, Name = Reserve($"{opType}_{_counter++}") };
        if (domain is not null)
        {
            node.Domain = domain;
            _usesMicrosoftDomain |= domain == MicrosoftDomain;
        }

        node.Input.AddRange(inputs);
        var names = new string[outputs];
        for (var i = 0; i < outputs; i++)
        {
            names[i] = skipOutputs.Contains(i) ? string.Empty : Reserve($"{node.Name}_out{i}");
            node.Output.Add(names[i]);
        }

        while (node.Output.Count > 0 && node.Output[^1].Length == 0)
        {
            node.Output.RemoveAt(node.Output.Count - 1);
        }

        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return names;
    }

    /// <summary>Declares a graph input of element type <paramref name="elemType"/>; a string dim is symbolic, a long is fixed.</summary>
    public void AddInput(string name, TensorProto.Types.DataType elemType, params object[] dims) =>
        _graph.Input.Add(ValueInfo(Reserve(name), elemType, dims));

    /// <summary>Declares <paramref name="value"/> as a graph output named <paramref name="name"/> (adds an Identity if the names differ).</summary>
    public void AddOutput(string value, string name, TensorProto.Types.DataType elemType, params object[] dims)
    {
        if (value != name)
        {
            var node = new NodeProto { OpType = "Identity", Name = Reserve($"Identity_{_counter++}") };
            node.Input.Add(value);
            node.Output.Add(Reserve(name));
            _graph.Node.Add(node);
        }

        _graph.Output.Add(ValueInfo(name, elemType, dims));
    }

    /// <summary>The finished model: IR version, opset imports, producer and metadata.</summary>
    public ModelProto Build(string producerName, string producerVersion, IReadOnlyDictionary<string, string> metadata, string docString)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = producerName,
            ProducerVersion = producerVersion,
            DocString = docString,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        if (_usesMicrosoftDomain)
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        }

        foreach (var (key, value) in metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    /// <summary>An int attribute.</summary>
    public static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A float attribute.</summary>
    public static AttributeProto FloatAttribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>An ints attribute.</summary>
    public static AttributeProto IntsAttribute(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private string Reserve(string name)
    {
        if (!_names.Add(name))
        {
            throw new InvalidOperationException($"Name {name} is already used in graph {_graph.Name}.");
        }

        return name;
    }

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType elemType, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim switch
            {
                string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                long value => new TensorShapeProto.Types.Dimension { DimValue = value },
                int value => new TensorShapeProto.Types.Dimension { DimValue = value },
                _ => throw new ArgumentException($"Dimension {dim} must be a string or an integer.", nameof(dims)),
            });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elemType, Shape = shape } },
        };
    }
}
