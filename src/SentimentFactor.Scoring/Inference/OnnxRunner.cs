using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Scoring.Inference;

/// <summary>
/// One InferenceSession over a BERT-family graph (input_ids, attention_mask, optional token_type_ids) with one
/// [batch, width] output. Runs through IO binding on both CPU and CUDA, over OrtValues wrapping our own pinned
/// buffers (no copies on CPU; on CUDA, ORT copies host to device). Not thread-safe: one run at a time. Disposing
/// releases the session and its binding.
/// </summary>
internal sealed class OnnxRunner : IDisposable
{
    private const string InputIds = "input_ids";
    private const string AttentionMask = "attention_mask";
    private const string TokenTypeIds = "token_type_ids";

    private readonly InferenceSession _session;
    private readonly OrtIoBinding _binding;
    private readonly string _outputName;
    private float[] _output = [];
    private Float16[] _outputHalf = [];

    private OnnxRunner(InferenceSession session, string source, string outputName, string provider, ExecutionDevice device)
    {
        _session = session;
        _binding = session.CreateIoBinding();
        _outputName = outputName;
        Source = source;
        Provider = provider;
        Device = device;
        try
        {
            foreach (var required in new[] { InputIds, AttentionMask })
            {
                if (!session.InputMetadata.ContainsKey(required))
                {
                    throw ScoringException.InputMissing(source, required, string.Join(", ", session.InputMetadata.Keys));
                }
            }

            foreach (var (name, meta) in session.InputMetadata)
            {
                if (name is not (InputIds or AttentionMask or TokenTypeIds))
                {
                    throw ScoringException.InputUnsupported(source, name, "only input_ids, attention_mask and token_type_ids are fed");
                }

                if (meta.ElementType != typeof(long) || meta.Dimensions.Length != 2)
                {
                    throw ScoringException.InputUnsupported(source, name, $"{meta.ElementType.Name} of rank {meta.Dimensions.Length}");
                }
            }

            HasTokenTypeIds = session.InputMetadata.ContainsKey(TokenTypeIds);
            if (!session.OutputMetadata.TryGetValue(outputName, out var output))
            {
                throw ScoringException.OutputMissing(source, string.Join(", ", session.OutputMetadata.Keys));
            }

            if (output.ElementType != typeof(float) && output.ElementType != typeof(Float16))
            {
                throw ScoringException.OutputUnsupported(source, $"element type {output.ElementType.Name}");
            }

            if (output.Dimensions.Length != 2)
            {
                throw ScoringException.OutputUnsupported(source, $"rank {output.Dimensions.Length}");
            }

            IsFloat16 = output.ElementType == typeof(Float16);
            Width = output.Dimensions[1];
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The model path (or a description of an in-memory graph) for messages.</summary>
    public string Source { get; }

    /// <summary>The execution provider the session runs on: CUDAExecutionProvider or CPUExecutionProvider.</summary>
    public string Provider { get; }

    /// <summary>The device actually used (never <see cref="ExecutionDevice.Auto"/>).</summary>
    public ExecutionDevice Device { get; }

    public bool HasTokenTypeIds { get; }

    public bool IsFloat16 { get; }

    /// <summary>Values per row of the output; -1 until the first run when the graph leaves it symbolic.</summary>
    public int Width { get; private set; }

    /// <summary>
    /// Opens a session on the device asked for, through the project's one session factory
    /// (<see cref="OrtSessionFactory.Open"/>: CUDA first, CPU fallback with one warning unless
    /// <paramref name="allowCpuFallback"/> is false).
    /// </summary>
    public static OnnxRunner Open(
        string source, Func<SessionOptions, InferenceSession> create, string outputName, ExecutionDevice device,
        bool allowCpuFallback, int intraOpThreads, ILogger logger)
    {
        InferenceSession session;
        string provider;
        try
        {
            session = OrtSessionFactory.Open(create, device, allowCpuFallback, intraOpThreads, logger, out provider);
        }
        catch (CudaUnavailableException e)
        {
            throw ScoringException.CudaUnavailable(e.Reason);
        }
        catch (OnnxRuntimeException e)
        {
            throw ScoringException.ModelUnreadable(source, e);
        }

        var used = provider == OrtSessionFactory.CudaProvider ? ExecutionDevice.Cuda : ExecutionDevice.Cpu;
        return new OnnxRunner(session, source, outputName, provider, used);
    }

    /// <summary>
    /// Runs one batch and returns its output rows ([Rows * Width] floats, valid until the next run). Cancelling sets
    /// <see cref="RunOptions.Terminate"/> on <paramref name="runOptions"/>: the run stops and this throws.
    /// </summary>
    public ReadOnlySpan<float> Run(TokenBatch batch, RunOptions runOptions)
    {
        var shape = new long[] { batch.Rows, batch.Length };
        var tokens = batch.Rows * batch.Length;
        using var ids = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, batch.InputIds.AsMemory(0, tokens), shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, batch.AttentionMask.AsMemory(0, tokens), shape);
        using var types = HasTokenTypeIds
            ? OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, batch.TokenTypeIds.AsMemory(0, tokens), shape)
            : null;
        if (Width < 0)
        {
            Width = ProbeWidth(ids, mask, types, runOptions);
        }

        var values = batch.Rows * Width;
        EnsureOutputCapacity(values);
        var outputShape = new long[] { batch.Rows, Width };
        using var output = IsFloat16
            ? OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _outputHalf.AsMemory(0, values), outputShape)
            : OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _output.AsMemory(0, values), outputShape);
        _binding.ClearBoundInputs();
        _binding.ClearBoundOutputs();
        _binding.BindInput(InputIds, ids);
        _binding.BindInput(AttentionMask, mask);
        if (types is not null)
        {
            _binding.BindInput(TokenTypeIds, types);
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

    public void Dispose()
    {
        _binding.Dispose();
        _session.Dispose();
    }

    private int ProbeWidth(OrtValue ids, OrtValue mask, OrtValue? types, RunOptions runOptions)
    {
        var names = new List<string> { InputIds, AttentionMask };
        var values = new List<OrtValue> { ids, mask };
        if (types is not null)
        {
            names.Add(TokenTypeIds);
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
