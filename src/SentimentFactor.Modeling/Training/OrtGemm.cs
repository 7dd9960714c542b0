using System.Numerics.Tensors;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace SentimentFactor.Modeling.Training;

/// <summary>
/// Dense float32 matrix products of the Linear layers through ONNX Runtime's CPU Gemm kernel (MLAS): one-node graphs,
/// one session per (transA, transB, C) form, run on OrtValues over the caller's arrays, so the product is written in
/// place. MLAS runs these shapes at about twice OpenBLAS's speed on this project's AVX-512 EPYC, and it is the kernel
/// the ONNX Runtime forward pass uses (docs/model.md, "Fine-tuning: why hand-written backward over OpenBLAS"). MLAS
/// splits a product over rows and columns, never over the shared dimension, so results do not depend on timing.
/// Sessions are made on first use; <see cref="Dispose"/> drops them (a later product makes them again).
/// </summary>
internal sealed unsafe class OrtGemm : IDisposable
{
    private static readonly string[] InputsAb = ["A", "B"];
    private static readonly string[] InputsAbc = ["A", "B", "C"];
    private static readonly string[] Outputs = ["Y"];

    private readonly int _threads;
    private readonly Dictionary<(bool TransA, bool TransB, AddendForm Addend), InferenceSession> _sessions = [];
    private RunOptions? _runOptions;
    private float[] _transposedOutputGradient = [];

    // Below this many values of dY, MLAS's own transposition of a Gemm's A is as fast as a pass of ours.
    private const long TransposeFirstValues = 65_536;

    /// <summary>Products run on <paramref name="threads"/> threads.</summary>
    public OrtGemm(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        _threads = threads;
    }

    /// <summary>The addend C of a Gemm: none, a row vector broadcast over the rows (a bias), or the product's own target (accumulate).</summary>
    private enum AddendForm
    {
        None,
        Row,
        Target,
    }

    /// <summary>
    /// c[m, n] = op(a)·op(b) + bias (broadcast over the rows, when given), or with <paramref name="accumulate"/>
    /// c += op(a)·op(b); op(X) = X or Xᵀ; every matrix dense and row-major (a is m×k, or k×m when transposed).
    /// </summary>
    public void Multiply(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b,
        ReadOnlySpan<float> bias, bool accumulate, Span<float> c)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0 || a.Length < (long)m * k || b.Length < (long)k * n || c.Length < (long)m * n || (!bias.IsEmpty && bias.Length < n) || (accumulate && !bias.IsEmpty))
        {
            throw new ArgumentException($"A {m}x{n}x{k} product got arrays of {a.Length}, {b.Length}, {bias.Length} and {c.Length} values.");
        }

        var addend = accumulate ? AddendForm.Target : bias.IsEmpty ? AddendForm.None : AddendForm.Row;
        var session = Session(transA, transB, addend);
        _runOptions ??= new RunOptions();
        var memory = OrtMemoryInfo.DefaultInstance;
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pbias = bias)
        fixed (float* pc = c)
        {
            using var va = OrtValue.CreateTensorValueWithData(memory, TensorElementType.Float, transA ? [k, m] : [m, k], (nint)pa, (long)m * k * sizeof(float));
            using var vb = OrtValue.CreateTensorValueWithData(memory, TensorElementType.Float, transB ? [n, k] : [k, n], (nint)pb, (long)k * n * sizeof(float));
            using var vc = OrtValue.CreateTensorValueWithData(memory, TensorElementType.Float, [m, n], (nint)pc, (long)m * n * sizeof(float));
            switch (addend)
            {
                case AddendForm.None:
                    session.Run(_runOptions, InputsAb, [va, vb], Outputs, [vc]);
                    break;
                case AddendForm.Target:
                    // C and Y are the same memory: ORT's Gemm copies C into Y (here onto itself), then adds the product.
                    session.Run(_runOptions, InputsAbc, [va, vb, vc], Outputs, [vc]);
                    break;
                default:
                    {
                        using var vbias = OrtValue.CreateTensorValueWithData(memory, TensorElementType.Float, [n], (nint)pbias, (long)n * sizeof(float));
                        session.Run(_runOptions, InputsAbc, [va, vb, vbias], Outputs, [vc]);
                        break;
                    }
            }
        }
    }

    /// <summary>
    /// A Linear layer's parameter gradients from its output's gradient dy [rows, outFeatures] and input x [rows,
    /// inFeatures]: weightGradient [outFeatures, inFeatures] = dyᵀ·x, written or (with <paramref name="accumulate"/>)
    /// added, and biasGradient (when not empty) += the column sums of dy. dy is first transposed by a blocked pass
    /// (<see cref="MatrixTranspose"/>), because MLAS transposes a Gemm's A with scalar loads once per column block of
    /// the product (up to twice the product's time at these shapes); the bias sums then run over contiguous rows.
    /// </summary>
    public void WeightGradient(int rows, int outFeatures, int inFeatures, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, bool accumulate,
        Span<float> weightGradient, Span<float> biasGradient)
    {
        var count = (long)rows * outFeatures;
        if (count < TransposeFirstValues)
        {
            Multiply(true, false, outFeatures, inFeatures, rows, dy, x, default, accumulate, weightGradient);
            if (!biasGradient.IsEmpty)
            {
                EngineKernels.AddColumnSums(dy, rows, outFeatures, biasGradient);
            }

            return;
        }

        if (_transposedOutputGradient.Length < count)
        {
            _transposedOutputGradient = new float[count];
        }

        MatrixTranspose.Transpose(dy, rows, outFeatures, _transposedOutputGradient, _threads);
        if (!biasGradient.IsEmpty)
        {
            var transposed = _transposedOutputGradient;
            fixed (float* pbias = biasGradient)
            {
                var biasAddress = (nint)pbias;
                Parallel.For(0, _threads, new ParallelOptions { MaxDegreeOfParallelism = _threads }, part =>
                {
                    var bias = new Span<float>((float*)biasAddress, outFeatures);
                    for (var j = outFeatures * part / _threads; j < outFeatures * (part + 1) / _threads; j++)
                    {
                        bias[j] += TensorPrimitives.Sum(transposed.AsSpan(j * rows, rows));
                    }
                });
            }
        }

        Multiply(false, false, outFeatures, inFeatures, rows, _transposedOutputGradient, x, default, accumulate, weightGradient);
    }

    public void Dispose()
    {
        foreach (var session in _sessions.Values)
        {
            session.Dispose();
        }

        _sessions.Clear();
        _runOptions?.Dispose();
        _runOptions = null;
    }

    private InferenceSession Session(bool transA, bool transB, AddendForm addend)
    {
        if (_sessions.TryGetValue((transA, transB, addend), out var session))
        {
            return session;
        }

        using var options = new SessionOptions { IntraOpNumThreads = _threads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };

        // Between two products the engine runs its own row-wise work on the same cores; idle pool threads must sleep, not spin.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        session = new InferenceSession(Model(transA, transB, addend), options);
        _sessions[(transA, transB, addend)] = session;
        return session;
    }

    private static byte[] Model(bool transA, bool transB, AddendForm addend)
    {
        var node = new NodeProto { OpType = "Gemm", Name = "gemm" };
        node.Input.AddRange(addend == AddendForm.None ? InputsAb : InputsAbc);
        node.Output.Add("Y");
        node.Attribute.Add(new AttributeProto { Name = "transA", Type = AttributeProto.Types.AttributeType.Int, I = transA ? 1 : 0 });
        node.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = transB ? 1 : 0 });
        var graph = new GraphProto { Name = "gemm" };
        graph.Node.Add(node);
        graph.Input.Add(Matrix("A", 2));
        graph.Input.Add(Matrix("B", 2));
        if (addend != AddendForm.None)
        {
            graph.Input.Add(Matrix("C", addend == AddendForm.Row ? 1 : 2));
        }

        graph.Output.Add(Matrix("Y", 2));
        var model = new ModelProto { IrVersion = 8, Graph = graph, ProducerName = "SentimentFactor" };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 13 });
        return model.ToByteArray();
    }

    private static ValueInfoProto Matrix(string name, int rank)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = new TensorShapeProto() };
        for (var d = 0; d < rank; d++)
        {
            tensor.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = $"{name}{d}" });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }
}
