using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using SentimentFactor.Modeling.Onnx;
using SentimentFactor.Modeling.Reference;

namespace SentimentFactor.Modeling.Runtime;

/// <summary>
/// The one runner of a BERT-family graph: input_ids, attention_mask and (when the graph has it) token_type_ids in,
/// one [batch, width] float or float16 output out (logits, or the embedder's features). Runs through IO binding on
/// CPU and CUDA, over OrtValues wrapping the caller's id buffers (no copies on CPU; on CUDA, ORT copies host to
/// device) and a pinned output buffer it reuses batch after batch. The scoring engine feeds it its own token batches;
/// tests and benchmarks feed it a <see cref="BertBatch"/>. Not thread-safe: one run at a time. Owns its
/// <see cref="InferenceSession"/>: dispose it.
/// </summary>
public sealed class OnnxSequenceClassifier : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtIoBinding _binding;
    private readonly string _outputName;
    private float[] _output = [];
    private Float16[] _outputHalf = [];

    /// <summary>
    /// Opens <paramref name="modelPath"/> (output <see cref="BertOnnxExporter.Logits"/>) on the preferred device
    /// (see <see cref="OrtSessionFactory.Create"/>).
    /// </summary>
    public OnnxSequenceClassifier(string modelPath, ExecutionDevice device, ILogger logger, int intraOpThreads = 0)
        : this(OrtSessionFactory.Create(modelPath, device, logger, out var provider, intraOpThreads), modelPath, BertOnnxExporter.Logits, provider)
    {
    }

    /// <summary>
    /// Runs <paramref name="session"/>, opened through <see cref="OrtSessionFactory.Open"/> on <paramref name="provider"/>,
    /// and owns it from here on (disposed also when this throws). Its output <paramref name="outputName"/> must exist
    /// and be of rank 2; callers with a contract to report (the scoring engine) check the session before.
    /// </summary>
    public OnnxSequenceClassifier(InferenceSession session, string source, string outputName, string provider)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
        try
        {
            _binding = session.CreateIoBinding();
            _outputName = outputName;
            Source = source;
            Provider = provider;
            Device = provider == OrtSessionFactory.CudaProvider ? ExecutionDevice.Cuda : ExecutionDevice.Cpu;
            HasTokenTypeIds = session.InputMetadata.ContainsKey(BertOnnxExporter.TokenTypeIds);
            var output = session.OutputMetadata[outputName];
            IsFloat16 = output.ElementType == typeof(Float16);
            Width = output.Dimensions[1];
        }
        catch
        {
            _binding?.Dispose();
            session.Dispose();
            throw;
        }
    }

    /// <summary>The model path (or a description of an in-memory graph) for messages.</summary>
    public string Source { get; }

    /// <summary>The execution provider the session runs on: CUDAExecutionProvider or CPUExecutionProvider.</summary>
    public string Provider { get; }

    /// <summary>The device actually used (never <see cref="ExecutionDevice.Auto"/>).</summary>
    public ExecutionDevice Device { get; }

    /// <summary>Whether the graph takes token_type_ids (fed only then).</summary>
    public bool HasTokenTypeIds { get; }

    /// <summary>Whether the output is float16 (converted to float after each run).</summary>
    public bool IsFloat16 { get; }

    /// <summary>Values per row of the output (classes, or features); -1 until the first run when the graph leaves it symbolic.</summary>
    public int Width { get; private set; }

    /// <summary>Output rows of <paramref name="batch"/>, row-major [batch, <see cref="Width"/>], in a new array.</summary>
    public float[] Run(BertBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var runOptions = new RunOptions();
        return Run(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds, batch.BatchSize, batch.SequenceLength, runOptions).ToArray();
    }

    /// <summary>
    /// Runs one padded batch, the first <paramref name="rows"/> x <paramref name="length"/> values of each buffer
    /// (row-major), and returns its output rows ([rows * Width] floats, valid until the next run).
    /// <paramref name="tokenTypeIds"/> is read only when <see cref="HasTokenTypeIds"/>. Cancelling sets
    /// <see cref="RunOptions.Terminate"/> on <paramref name="runOptions"/>: the run stops and this throws.
    /// </summary>
    public ReadOnlySpan<float> Run(long[] inputIds, long[] attentionMask, long[] tokenTypeIds, int rows, int length, RunOptions runOptions)
    {
        var shape = new long[] { rows, length };
        var tokens = rows * length;
        using var ids = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, inputIds.AsMemory(0, tokens), shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, attentionMask.AsMemory(0, tokens), shape);
        using var types = HasTokenTypeIds
            ? OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, tokenTypeIds.AsMemory(0, tokens), shape)
            : null;
        if (Width < 0)
        {
            Width = ProbeWidth(ids, mask, types, runOptions);
        }

        var values = rows * Width;
        EnsureOutputCapacity(values);
        var outputShape = new long[] { rows, Width };
        using var output = IsFloat16
            ? OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _outputHalf.AsMemory(0, values), outputShape)
            : OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _output.AsMemory(0, values), outputShape);
        _binding.ClearBoundInputs();
        _binding.ClearBoundOutputs();
        _binding.BindInput(BertOnnxExporter.InputIds, ids);
        _binding.BindInput(BertOnnxExporter.AttentionMask, mask);
        if (types is not null)
        {
            _binding.BindInput(BertOnnxExporter.TokenTypeIds, types);
        }

        _binding.BindOutput(_outputName, output);
        _session.RunWithBinding(runOptions, _binding);
        _binding.SynchronizeBoundOutputs();
        if (IsFloat16)
        {
            for (var i = 0; i < values; i++)
            {
                _output[i] = (float)_outputHalf[i];
            }
        }

        return _output.AsSpan(0, values);
    }

    /// <summary>Releases the session and its binding.</summary>
    public void Dispose()
    {
        _binding.Dispose();
        _session.Dispose();
    }

    private int ProbeWidth(OrtValue ids, OrtValue mask, OrtValue? types, RunOptions runOptions)
    {
        var names = new List<string> { BertOnnxExporter.InputIds, BertOnnxExporter.AttentionMask };
        var values = new List<OrtValue> { ids, mask };
        if (types is not null)
        {
            names.Add(BertOnnxExporter.TokenTypeIds);
            values.Add(types);
        }

        using var results = _session.Run(runOptions, names, values, [_outputName]);
        var shape = results[0].GetTensorTypeAndShape().Shape;
        return checked((int)shape[1]);
    }

    private void EnsureOutputCapacity(int values)
    {
        if (_output.Length < values)
        {
            _output = GC.AllocateArray<float>(Math.Max(values, _output.Length * 2), pinned: true);
        }

        if (IsFloat16 && _outputHalf.Length < values)
        {
            _outputHalf = GC.AllocateArray<Float16>(Math.Max(values, _outputHalf.Length * 2), pinned: true);
        }
    }
}
