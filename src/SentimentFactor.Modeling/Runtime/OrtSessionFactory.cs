using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace SentimentFactor.Modeling.Runtime;

/// <summary>
/// Creates ONNX Runtime sessions with the CUDA execution provider when it is usable and the CPU provider
/// otherwise. GetAvailableProviders lists CUDA whenever the GPU package is installed, even on machines without
/// CUDA libraries, where appending the provider or creating the session throws: that throw is the fallback signal.
/// </summary>
public static class OrtSessionFactory
{
    /// <summary>Name of ONNX Runtime's CUDA execution provider.</summary>
    public const string CudaProvider = "CUDAExecutionProvider";

    /// <summary>Name of ONNX Runtime's CPU execution provider.</summary>
    public const string CpuProvider = "CPUExecutionProvider";

    private static readonly string[] ModelErrorCodes = ["InvalidProtobuf", "InvalidGraph", "NoSuchFile", "NoModel", "ModelLoaded"];
    private static int _fallbackLogged;

    /// <summary>
    /// Opens <paramref name="modelPath"/> (full graph optimisation). <paramref name="provider"/> says which provider
    /// the session runs on. <see cref="ExecutionDevice.Cuda"/> that cannot start throws
    /// <see cref="CudaUnavailableException"/>; <see cref="ExecutionDevice.Auto"/> falls back to CPU with a warning.
    /// </summary>
    public static InferenceSession Create(string modelPath, ExecutionDevice device, ILogger logger, out string provider, int intraOpThreads = 0) =>
        Open(options => new InferenceSession(modelPath, options), device, allowCpuFallback: true, intraOpThreads, logger, out provider);

    /// <summary>
    /// The one way this project opens a session: <paramref name="create"/> is called with the options of the device
    /// tried. CUDA (asked, or <see cref="ExecutionDevice.Auto"/>) is tried first; when its provider cannot start, the
    /// session opens on CPU with one warning per process, unless the device was <see cref="ExecutionDevice.Cuda"/> or
    /// <paramref name="allowCpuFallback"/> is false: then <see cref="CudaUnavailableException"/>. A broken model fails
    /// the same way on every provider, so its error is thrown as ONNX Runtime's, never as CUDA's.
    /// </summary>
    public static InferenceSession Open(Func<SessionOptions, InferenceSession> create, ExecutionDevice device, bool allowCpuFallback,
        int intraOpThreads, ILogger logger, out string provider)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(logger);
        if (device != ExecutionDevice.Cpu)
        {
            // ORT's native logger would print its own red error line for a missing CUDA library; the warning (or
            // the exception) below is the one place that says it.
            OrtEnv.Instance().EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
            string failure;
            if (!OrtEnv.Instance().GetAvailableProviders().Contains(CudaProvider))
            {
                failure = "not in this ONNX Runtime build";
            }
            else
            {
                var cudaOptions = NewOptions(intraOpThreads);
                try
                {
                    cudaOptions.AppendExecutionProvider_CUDA(0);
                    var session = create(cudaOptions);
                    provider = CudaProvider;
                    Log.ExecutionProvider(logger, provider);
                    return session;
                }
                catch (OnnxRuntimeException e) when (!IsModelError(e))
                {
                    failure = FirstLine(e.Message);
                }
                finally
                {
                    cudaOptions.Dispose();
                }
            }

            if (device == ExecutionDevice.Cuda || !allowCpuFallback)
            {
                throw new CudaUnavailableException(failure);
            }

            // Said once per process: the default model's build and the scoring session both open sessions.
            if (Interlocked.Exchange(ref _fallbackLogged, 1) == 0)
            {
                Log.CudaFallback(logger, failure);
            }
        }

        using var options = NewOptions(intraOpThreads);
        var cpuSession = create(options);
        provider = CpuProvider;
        Log.ExecutionProvider(logger, provider);
        return cpuSession;
    }

    /// <summary>
    /// Whether <paramref name="e"/> is the model's fault (unreadable, invalid graph, missing file) rather than the
    /// provider's. ORT's error code enum is internal; its messages start with "[ErrorCode:Name]".
    /// </summary>
    public static bool IsModelError(OnnxRuntimeException e) =>
        e is not null && ModelErrorCodes.Any(code => e.Message.Contains($"[ErrorCode:{code}]", StringComparison.Ordinal));

    /// <summary>Whether a CUDA session can actually be created here (not just listed).</summary>
    public static bool CudaUsable(out string reason)
    {
        // ORT's native logger would print its own red error line for a missing CUDA library.
        OrtEnv.Instance().EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
        if (!OrtEnv.Instance().GetAvailableProviders().Contains(CudaProvider))
        {
            reason = "the CUDA execution provider is not in this ONNX Runtime build";
            return false;
        }

        using var options = new SessionOptions();
        try
        {
            options.AppendExecutionProvider_CUDA(0);
            reason = string.Empty;
            return true;
        }
        catch (OnnxRuntimeException e)
        {
            reason = FirstLine(e.Message);
            return false;
        }
    }

    private static SessionOptions NewOptions(int intraOpThreads)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        if (intraOpThreads > 0)
        {
            options.IntraOpNumThreads = intraOpThreads;
        }

        return options;
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 200 ? line[..200] : line;
    }
}
