using Microsoft.ML.OnnxRuntime;

namespace SentimentFactor.Scoring.Tests.Inference;

/// <summary>A fact that runs only where the CUDA execution provider starts; elsewhere it is skipped and says why.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Unusable = new(Probe);

    public CudaFactAttribute()
    {
        if (Unusable.Value is { } reason)
        {
            Skip = "CUDA execution provider unusable here: " + reason;
        }
    }

    private static string? Probe()
    {
        try
        {
            using var options = new SessionOptions();
            options.AppendExecutionProvider_CUDA(0);
            using var session = new InferenceSession(Path.Combine(TestModels.Tiny("tiny"), "model.onnx"), options);
            return null;
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            var message = e.Message;
            var end = message.IndexOfAny(['\r', '\n']);
            return end < 0 ? message : message[..end];
        }
    }
}
