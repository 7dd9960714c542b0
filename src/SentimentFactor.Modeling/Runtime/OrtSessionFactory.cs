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

    /// <summary>
    /// Opens <paramref name="modelPath"/> (full graph optimisation). <paramref name="provider"/> says which provider
    /// took it. The caller owns and disposes the session.
    /// </summary>
    public static InferenceSession Create(string modelPath, OrtDevicePreference device, ILogger logger, out string provider, int intraOpThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (device != OrtDevicePreference.Cpu)
        {
            string? failure;
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
                    var session = new InferenceSession(modelPath, cudaOptions);
                    provider = CudaProvider;
                    Log.ExecutionProvider(logger, provider);
                    return session;
                }
                catch (OnnxRuntimeException e)
                {
                    failure = FirstLine(e.Message);
                }
                finally
                {
                    cudaOptions.Dispose();
                }
            }

            if (device == OrtDevicePreference.Cuda)
            {
                throw new InvalidOperationException($"CUDA execution provider unusable: {failure}.");
            }

            Log.CudaFallback(logger, failure);
        }

        using var options = NewOptions(intraOpThreads);
        provider = CpuProvider;
        var cpuSession = new InferenceSession(modelPath, options);
        Log.ExecutionProvider(logger, provider);
        return cpuSession;
    }

    /// <summary>Whether a CUDA session can actually be created here (not just listed).</summary>
    public static bool CudaUsable(out string reason)
    {
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
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
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
