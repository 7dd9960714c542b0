using Microsoft.Extensions.Logging;

namespace SentimentFactor.Modeling;

/// <summary>Every log message of the modeling stage (event ids 4000-4999).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information,
        Message = "Read checkpoint {Directory}: {Architecture}, {Layers} layers, hidden {Hidden}, {Parameters} parameters, {Labels} labels")]
    public static partial void CheckpointRead(ILogger logger, string directory, string architecture, int layers, int hidden, long parameters, int labels);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Checkpoint {Directory} holds {Ignored} tensors the classifier does not use")]
    public static partial void TensorsIgnored(ILogger logger, string directory, int ignored);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information,
        Message = "Wrote {Variant} ONNX model {Path} (opset {Opset}, fp16 {Fp16}, {Nodes} nodes, {Bytes} bytes, external data {External}) in {ElapsedMs} ms")]
    public static partial void ModelWritten(ILogger logger, string variant, string path, int opset, bool fp16, int nodes, long bytes, bool external, long elapsedMs);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information,
        Message = "Wrote random {Architecture} checkpoint {Directory}: {Layers} layers, hidden {Hidden}, {Parameters} parameters, seed {Seed}")]
    public static partial void RandomCheckpointWritten(ILogger logger, string architecture, string directory, int layers, int hidden, long parameters, int seed);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "ONNX Runtime execution provider: {Provider}")]
    public static partial void ExecutionProvider(ILogger logger, string provider);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "CUDA execution provider unusable ({Reason}); running on CPU")]
    public static partial void CudaFallback(ILogger logger, string reason);
}
