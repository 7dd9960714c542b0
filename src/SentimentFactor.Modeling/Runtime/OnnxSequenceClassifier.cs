using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using SentimentFactor.Modeling.Onnx;
using SentimentFactor.Modeling.Reference;

namespace SentimentFactor.Modeling.Runtime;

/// <summary>
/// Runs an ONNX sequence classifier (input_ids, attention_mask[, token_type_ids] -> logits) on padded batches.
/// A small helper for tests, benchmarks and quick checks; the scoring engine has its own batching. Owns its
/// <see cref="InferenceSession"/>: dispose it.
/// </summary>
public sealed class OnnxSequenceClassifier : IDisposable
{
    private readonly InferenceSession _session;
    private readonly bool _hasTokenTypes;

    /// <summary>Opens <paramref name="modelPath"/> on the preferred device (see <see cref="OrtSessionFactory"/>).</summary>
    public OnnxSequenceClassifier(string modelPath, ExecutionDevice device, ILogger logger, int intraOpThreads = 0)
    {
        _session = OrtSessionFactory.Create(modelPath, device, logger, out var provider, intraOpThreads);
        Provider = provider;
        _hasTokenTypes = _session.InputMetadata.ContainsKey(BertOnnxExporter.TokenTypeIds);
        Labels = _session.OutputMetadata[BertOnnxExporter.Logits].Dimensions[^1];
    }

    /// <summary>The execution provider that runs the model.</summary>
    public string Provider { get; }

    /// <summary>Number of classes (last dimension of logits; -1 when symbolic).</summary>
    public int Labels { get; }

    /// <summary>Logits for <paramref name="batch"/>, row-major [batch, labels].</summary>
    public float[] Run(BertBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        long[] shape = [batch.BatchSize, batch.SequenceLength];
        using var ids = OrtValue.CreateTensorValueFromMemory(batch.InputIds, shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(batch.AttentionMask, shape);
        using var types = OrtValue.CreateTensorValueFromMemory(batch.TokenTypeIds, shape);
        var names = new List<string> { BertOnnxExporter.InputIds, BertOnnxExporter.AttentionMask };
        var values = new List<OrtValue> { ids, mask };
        if (_hasTokenTypes)
        {
            names.Add(BertOnnxExporter.TokenTypeIds);
            values.Add(types);
        }

        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, names, values, [BertOnnxExporter.Logits]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}
