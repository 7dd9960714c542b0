using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Modeling.Tests.Onnx;

/// <summary>A fact that runs only where the CUDA execution provider can really be created; elsewhere it is skipped with the reason.</summary>
internal sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!OrtSessionFactory.CudaUsable(out var reason))
        {
            Skip = $"No usable CUDA execution provider here ({reason}); the same graphs run on CPU in OnnxParityTests.";
        }
    }
}
