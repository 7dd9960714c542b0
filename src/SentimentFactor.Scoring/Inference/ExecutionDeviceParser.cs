using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Scoring.Inference;

/// <summary>Parses the --device / Scoring:Device values auto, cuda, cpu.</summary>
public static class ExecutionDeviceParser
{
    /// <summary>True and the device when <paramref name="value"/> is auto, cuda or cpu (any case).</summary>
    public static bool TryParse(string? value, out ExecutionDevice device)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "auto" or "":
                device = ExecutionDevice.Auto;
                return true;
            case "cuda" or "gpu":
                device = ExecutionDevice.Cuda;
                return true;
            case "cpu":
                device = ExecutionDevice.Cpu;
                return true;
            default:
                device = ExecutionDevice.Auto;
                return false;
        }
    }

    /// <summary>Parses or throws <see cref="ScoringException"/>.</summary>
    public static ExecutionDevice Parse(string? value) =>
        TryParse(value, out var device) ? device : throw ScoringException.DeviceUnknown(value ?? "");
}
