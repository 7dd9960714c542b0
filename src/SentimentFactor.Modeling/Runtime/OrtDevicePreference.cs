namespace SentimentFactor.Modeling.Runtime;

/// <summary>Where an ONNX Runtime session should run.</summary>
public enum OrtDevicePreference
{
    /// <summary>CUDA when it works, CPU otherwise.</summary>
    Auto,

    /// <summary>CPU only.</summary>
    Cpu,

    /// <summary>CUDA only: fails instead of falling back (for GPU tests that must not pass on CPU).</summary>
    Cuda,
}
