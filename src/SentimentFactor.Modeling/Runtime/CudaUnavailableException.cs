using SentimentFactor.Core;

namespace SentimentFactor.Modeling.Runtime;

/// <summary>
/// CUDA was asked for (or CPU fallback refused) and its execution provider could not start. One line: the provider's
/// own reason and what to do.
/// </summary>
public sealed class CudaUnavailableException : SentimentFactorException
{
    /// <summary>Creates the exception with the provider's own first error line as <paramref name="reason"/>.</summary>
    public CudaUnavailableException(string reason)
        : base($"CUDA execution provider unusable: {reason}. Use --device cpu (or auto), or install the CUDA 13 libraries ONNX Runtime needs.")
    {
        Reason = reason;
    }

    /// <summary>The provider's first error line.</summary>
    public string Reason { get; }
}
