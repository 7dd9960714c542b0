using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Onnx;
using SentimentFactor.Modeling.Reference;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Modeling.Benchmarks;

/// <summary>
/// <c>sf bench model</c>: writes a random Megatron-BERT checkpoint (BERT-base shape by default), converts it to the
/// plain and the fused graph through the same path as <c>sf model convert</c>, and scores the same generated posts
/// with each (length-sorted batches padded to their longest post). The plain graph is the baseline; ONNX Runtime's
/// own optimiser runs at full level on both.
/// </summary>
public sealed class ModelBenchmark(CheckpointConverter converter, RandomCheckpointWriter writer, ILogger<ModelBenchmark> logger)
{
    /// <summary>Runs the benchmark in a temporary folder (deleted afterwards); <paramref name="progress"/> gets status lines.</summary>
    public async Task<ModelBenchmarkResult> RunAsync(ModelBenchmarkOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var root = Path.Combine(Path.GetTempPath(), "sf-bench-model-" + Guid.NewGuid().ToString("N"));
        try
        {
            var spec = new RandomCheckpointSpec
            {
                Architecture = BertArchitecture.MegatronBert,
                Layers = options.Layers,
                Hidden = options.Hidden,
                Heads = options.Heads,
                Seed = options.Seed,
                MaxPositions = Math.Max(512, options.MaxLength),
            };
            progress($"writing random megatron-bert checkpoint: {options.Layers} layers, hidden {options.Hidden}, {options.Heads} heads");
            var checkpoint = Path.Combine(root, "checkpoint");
            var weights = await writer.WriteAsync(spec, checkpoint, cancellationToken);
            var batches = GeneratePosts(options, StarterVocabulary.Tokens.Count);

            var plain = await PrepareAsync(checkpoint, Path.Combine(root, "plain"), OnnxGraphVariant.Plain, options, progress, cancellationToken);
            using var plainClassifier = plain.Classifier;
            var fused = await PrepareAsync(checkpoint, Path.Combine(root, "fused"), OnnxGraphVariant.Fused, options, progress, cancellationToken);
            using var fusedClassifier = fused.Classifier;

            // Warm-up on the shortest batch: first-run allocations are not throughput.
            plainClassifier.Run(batches[0]);
            fusedClassifier.Run(batches[0]);

            // Batches alternate between the graphs (and which goes first), so both see the same machine load.
            progress($"scoring {options.Posts} posts in {batches.Count} batches with each graph, interleaved");
            var plainLogits = new List<float>();
            var fusedLogits = new List<float>();
            var plainTime = TimeSpan.Zero;
            var fusedTime = TimeSpan.Zero;
            long tokens = 0;
            double flops = 0;
            for (var i = 0; i < batches.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (i % 2 == 0)
                {
                    plainTime += Time(plainClassifier, batches[i], plainLogits);
                    fusedTime += Time(fusedClassifier, batches[i], fusedLogits);
                }
                else
                {
                    fusedTime += Time(fusedClassifier, batches[i], fusedLogits);
                    plainTime += Time(plainClassifier, batches[i], plainLogits);
                }

                tokens += batches[i].AttentionMask.Sum();
                flops += EncoderFlops(batches[i], options);
            }

            var plainResult = plain.Result with { Posts = options.Posts, Tokens = tokens, Elapsed = plainTime, Flops = flops };
            var fusedResult = fused.Result with { Posts = options.Posts, Tokens = tokens, Elapsed = fusedTime, Flops = flops };
            foreach (var result in new[] { plainResult, fusedResult })
            {
                progress($"{result.Variant}: {result.PostsPerSecond:F1} posts/s, {result.TokensPerSecond:F0} tokens/s, {result.Nodes} nodes, session {result.SessionElapsed.TotalSeconds:F1} s");
            }

            var difference = plainLogits.Zip(fusedLogits, (a, b) => MathF.Abs(a - b)).DefaultIfEmpty(0f).Max();
            return new ModelBenchmarkResult(plainResult, fusedResult, weights.ParameterCount, difference);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>
    /// Token sequences of a realistic post-length mix (most 10-40 tokens, a tail to the max length), sorted by length
    /// and cut into padded batches. Ids are drawn from the vocabulary past the special tokens.
    /// </summary>
    public static IReadOnlyList<BertBatch> GeneratePosts(ModelBenchmarkOptions options, int vocabularySize)
    {
        ArgumentNullException.ThrowIfNull(options);
        var random = new Random(options.Seed);
        var posts = new List<long[]>(options.Posts);
        for (var p = 0; p < options.Posts; p++)
        {
            var length = random.NextDouble() < 0.85 ? random.Next(10, 41) : random.Next(41, options.MaxLength + 1);
            length = Math.Clamp(length, 3, options.MaxLength);
            var ids = new long[length];
            ids[0] = 2;
            ids[^1] = 3;
            for (var t = 1; t < length - 1; t++)
            {
                ids[t] = random.Next(5, vocabularySize);
            }

            posts.Add(ids);
        }

        return posts.OrderBy(p => p.Length).Chunk(options.BatchSize)
            .Select(chunk => BertBatch.FromSequences(chunk.Select(p => (IReadOnlyList<long>)p).ToList()))
            .ToList();
    }

    private async Task<(ModelBenchmarkVariantResult Result, OnnxSequenceClassifier Classifier)> PrepareAsync(string checkpoint, string output,
        OnnxGraphVariant variant, ModelBenchmarkOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        var name = variant.ToString().ToLowerInvariant();
        progress($"{name}: converting");
        var stopwatch = Stopwatch.StartNew();
        var conversion = await converter.ConvertAsync(checkpoint, output,
            new CheckpointConversionOptions { Export = new OnnxExportOptions { Variant = variant, Fp16 = options.Fp16 } }, cancellationToken);
        var convertElapsed = stopwatch.Elapsed;

        stopwatch.Restart();
        var classifier = new OnnxSequenceClassifier(conversion.ModelPath, options.Device, logger);
        var sessionElapsed = stopwatch.Elapsed;
        progress($"{name}: {conversion.NodeCount} nodes, converted in {convertElapsed.TotalSeconds:F1} s, session ready in {sessionElapsed.TotalSeconds:F1} s on {classifier.Provider}");
        return (new ModelBenchmarkVariantResult(name, 0, 0, TimeSpan.Zero, convertElapsed, sessionElapsed, conversion.NodeCount, classifier.Provider), classifier);
    }

    /// <summary>Encoder FLOPs of one padded batch (see <see cref="ModelBenchmarkVariantResult.Flops"/>).</summary>
    public static double EncoderFlops(BertBatch batch, ModelBenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(options);
        double h = options.Hidden, s = batch.SequenceLength, rows = batch.BatchSize, inner = 4 * h;
        var dense = 2 * rows * s * ((4 * h * h) + (2 * h * inner));
        var attention = 4 * rows * s * s * h;
        return options.Layers * (dense + attention);
    }

    private static TimeSpan Time(OnnxSequenceClassifier classifier, BertBatch batch, List<float> logits)
    {
        var started = Stopwatch.GetTimestamp();
        var result = classifier.Run(batch);
        var elapsed = Stopwatch.GetElapsedTime(started);
        logits.AddRange(result);
        return elapsed;
    }
}
