using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using SentimentFactor.Modeling.Onnx;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Scoring.Inference;

/// <summary>
/// What scoring needs of a model graph, checked before any work with a message that names the remedy: int64
/// input_ids and attention_mask of rank 2, optionally token_type_ids and nothing else, and one float or float16
/// output of rank 2. The runner itself is Modeling's <see cref="OnnxSequenceClassifier"/>.
/// </summary>
internal static class ClassifierContract
{
    /// <summary>
    /// Opens a session on the device asked for, through the project's one session factory
    /// (<see cref="OrtSessionFactory.Open"/>: CUDA first, CPU fallback with one warning unless
    /// <paramref name="allowCpuFallback"/> is false), checks it and returns its runner.
    /// </summary>
    public static OnnxSequenceClassifier Open(
        string source, Func<SessionOptions, InferenceSession> create, string outputName, ExecutionDevice device,
        bool allowCpuFallback, int intraOpThreads, ILogger logger)
    {
        InferenceSession? session = OpenSession(source, create, device, allowCpuFallback, intraOpThreads, logger, out var provider);
        try
        {
            Check(session, source, outputName);
            // The runner owns the session from here, also when its constructor throws.
            var owner = session;
            session = null;
            return new OnnxSequenceClassifier(owner, source, outputName, provider);
        }
        finally
        {
            session?.Dispose();
        }
    }

    private static InferenceSession OpenSession(
        string source, Func<SessionOptions, InferenceSession> create, ExecutionDevice device, bool allowCpuFallback,
        int intraOpThreads, ILogger logger, out string provider)
    {
        try
        {
            return OrtSessionFactory.Open(create, device, allowCpuFallback, intraOpThreads, logger, out provider);
        }
        catch (CudaUnavailableException e)
        {
            throw ScoringException.CudaUnavailable(e.Reason);
        }
        catch (OnnxRuntimeException e)
        {
            throw ScoringException.ModelUnreadable(source, e);
        }
    }

    private static void Check(InferenceSession session, string source, string outputName)
    {
        foreach (var required in new[] { BertOnnxExporter.InputIds, BertOnnxExporter.AttentionMask })
        {
            if (!session.InputMetadata.ContainsKey(required))
            {
                throw ScoringException.InputMissing(source, required, string.Join(", ", session.InputMetadata.Keys));
            }
        }

        foreach (var (name, meta) in session.InputMetadata)
        {
            if (name is not (BertOnnxExporter.InputIds or BertOnnxExporter.AttentionMask or BertOnnxExporter.TokenTypeIds))
            {
                throw ScoringException.InputUnsupported(source, name, "only input_ids, attention_mask and token_type_ids are fed");
            }

            if (meta.ElementType != typeof(long) || meta.Dimensions.Length != 2)
            {
                throw ScoringException.InputUnsupported(source, name, $"{meta.ElementType.Name} of rank {meta.Dimensions.Length}");
            }
        }

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
    }
}
