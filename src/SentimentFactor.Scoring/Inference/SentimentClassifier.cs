using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using SentimentFactor.Scoring.Models;
using SentimentFactor.Scoring.Tokenization;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Scoring.Inference;

/// <summary>
/// A BERT-family sequence classifier (model.onnx + config.json + vocab) ready to score texts, checked against the
/// model contract before any work. Owns its ONNX Runtime session: dispose it. One scoring call at a time.
/// </summary>
public sealed class SentimentClassifier : IDisposable
{
    private const string LogitsOutput = "logits";
    private readonly BatchPipeline _pipeline;
    private readonly SentimentLabel[] _labelMap;

    private SentimentClassifier(ModelFiles files, ModelConfig config, string modelId, BatchPipeline pipeline, SentimentLabel[] labelMap)
    {
        Files = files;
        Config = config;
        ModelId = modelId;
        _pipeline = pipeline;
        _labelMap = labelMap;
    }

    /// <summary>The model's files.</summary>
    public ModelFiles Files { get; }

    /// <summary>The model's config.json as read.</summary>
    public ModelConfig Config { get; }

    /// <summary>SHA-256 of model.onnx (hex): the id every score row carries.</summary>
    public string ModelId { get; }

    /// <summary>A display name: the config's name, else the directory name.</summary>
    public string Name => Config.Name ?? Path.GetFileName(Files.Directory);

    /// <summary>The execution provider in use.</summary>
    public string Provider => _pipeline.Runner.Provider;

    /// <summary>The device in use (Cpu or Cuda).</summary>
    public ExecutionDevice Device => _pipeline.Runner.Device;

    /// <summary>The tokenizer the model uses (max length from its config).</summary>
    public WordPieceTokenizer Tokenizer => _pipeline.Tokenizer;

    /// <summary>
    /// Opens a model directory (or model.onnx path) and checks the contract: inputs, logits width = id2label count,
    /// labels mappable to negative/neutral/positive, vocabulary within the embedding table. Logs the provider once.
    /// </summary>
    public static SentimentClassifier Open(string path, ScoringRuntimeOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var files = ModelFiles.Locate(path);
        var config = ModelConfig.Load(files.ConfigPath);
        var labelMap = SentimentLabels.MapModelLabels(config.Labels)
            ?? throw ScoringException.LabelsUnknown(files.ModelPath, string.Join(", ", config.Labels));
        var tokenizer = WordPieceTokenizer.Load(files.VocabularyPath, config.LowerCase, config.MaxLength);
        if (config.VocabSize is { } expected && expected != tokenizer.VocabSize)
        {
            throw ScoringException.VocabMismatch(files.VocabularyPath, tokenizer.VocabSize, expected);
        }

        var modelId = files.ComputeModelId();
        var runner = ClassifierContract.Open(
            files.ModelPath, o => new InferenceSession(files.ModelPath, o), LogitsOutput, options.Device,
            options.AllowCpuFallback, options.IntraOpThreads, logger);
        try
        {
            var pipeline = new BatchPipeline(runner, tokenizer, options.MaxTokensPerBatch, options.MaxBatchSize, options.QueueDepth, logger);
            if (runner.Width != config.Labels.Count)
            {
                throw ScoringException.LabelsMismatch(files.ModelPath, runner.Width, config.Labels.Count);
            }

            var classifier = new SentimentClassifier(files, config, modelId, pipeline, labelMap);
            var device = runner.Device == ExecutionDevice.Cuda ? "cuda" : "cpu";
            Log.ExecutionProvider(logger, device, runner.Provider, classifier.Name, modelId);
            return classifier;
        }
        catch
        {
            runner.Dispose();
            throw;
        }
    }

    /// <summary>Scores texts in input order. Empty or whitespace-only texts get <see cref="SentimentScore.Empty"/>.</summary>
    public async Task<SentimentScore[]> ScoreAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var (scores, _) = await ScoreWithStatsAsync(texts, BatchingMode.TokenBudget, cancellationToken);
        return scores;
    }

    /// <summary>Scores texts with a given batching mode and returns the pipeline's counts (benchmarks use the other modes).</summary>
    public async Task<(SentimentScore[] Scores, PipelineStats Stats)> ScoreWithStatsAsync(
        IReadOnlyList<string> texts, BatchingMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var scores = new SentimentScore[texts.Count];
        var modelTexts = new List<string>(texts.Count);
        var modelIndex = new List<int>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(texts[i]))
            {
                scores[i] = SentimentScore.Empty;
            }
            else
            {
                modelTexts.Add(texts[i]);
                modelIndex.Add(i);
            }
        }

        var width = _pipeline.Width;
        var logits = new float[modelTexts.Count * width];
        var stats = await _pipeline.RunAsync(modelTexts, logits, mode, cancellationToken);
        for (var j = 0; j < modelTexts.Count; j++)
        {
            scores[modelIndex[j]] = ToScore(logits.AsSpan(j * width, width));
        }

        return (scores, stats);
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _pipeline.Dispose();

    private SentimentScore ToScore(ReadOnlySpan<float> logits)
    {
        var max = double.NegativeInfinity;
        foreach (var v in logits)
        {
            max = Math.Max(max, v);
        }

        Span<double> p = stackalloc double[3];
        var sum = 0.0;
        for (var k = 0; k < logits.Length; k++)
        {
            var e = Math.Exp(logits[k] - max);
            p[(int)_labelMap[k]] += e;
            sum += e;
        }

        var pNeg = (float)(p[0] / sum);
        var pNeu = (float)(p[1] / sum);
        var pPos = (float)(p[2] / sum);
        // Ties go to neutral, then to the lower class: a deterministic rule, rarely exercised.
        var label = pNeu >= pNeg && pNeu >= pPos ? SentimentLabel.Neutral
            : pPos > pNeg ? SentimentLabel.Positive : SentimentLabel.Negative;
        return new SentimentScore(label, pNeg, pNeu, pPos);
    }
}
