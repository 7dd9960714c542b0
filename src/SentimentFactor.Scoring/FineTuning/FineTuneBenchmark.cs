using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SentimentFactor.Modeling.Onnx;
using SentimentFactor.Modeling.Runtime;
using SentimentFactor.Modeling.Training;
using SentimentFactor.Scoring.Training;

namespace SentimentFactor.Scoring.FineTuning;

/// <summary>
/// `sf bench finetune`: on the same token-budget batches of labeled texts, training throughput of <see cref="TrainableBert"/>
/// (forward with dropout, backward, clipping, AdamW step) against forward-only throughput of the ONNX Runtime classifier
/// exported from the same weights (the graph sf score runs). Both count padded tokens.
/// </summary>
public static class FineTuneBenchmark
{
    /// <summary>
    /// Untimed rounds first: .NET compiles the training kernels in tiers, and its fully optimised code replaces the
    /// first quick code only after a few dozen calls, a delay a real fine-tune (thousands of steps) never sees.
    /// </summary>
    public const int WarmupRounds = 2;

    /// <summary>
    /// Runs <see cref="WarmupRounds"/>, then <paramref name="rounds"/> timed rounds; a round takes each batch forward
    /// through ONNX Runtime and then through a training step, so both paths meet the same machine conditions. The
    /// result holds each round and their medians. <paramref name="progress"/> hears each round as it ends.
    /// </summary>
    public static async Task<FineTuneBenchmarkResult> RunAsync(string dataPath, int batches, int maxTokens, int rounds, ILogger logger,
        IProgress<FineTuneBenchmarkRound>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batches);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rounds);
        var source = await FineTuneBase.LoadAsync(FineTuneBase.MiniLm, seed: 1, cancellationToken);
        var examples = await LabeledSet.ReadAsync(dataPath, cancellationToken);
        var tokens = examples.Select(e => source.Tokenizer.Encode(e.Text)).ToArray();
        var labels = examples.Select(e => (int)e.Label).ToArray();
        var plan = FineTuneBatches.ForEpoch(tokens, Enumerable.Range(0, tokens.Length).ToArray(), maxTokens, FineTuneOptions.DefaultMaxBatchSize, seed: 1, epoch: 0)
            .Take(batches).ToList();
        var measured = plan.Sum(rows => (long)rows.Length * rows.Max(r => tokens[r].Length));
        var onnxPath = Path.Combine(Path.GetTempPath(), $"sf-bench-finetune-{Guid.NewGuid():N}.onnx");
        try
        {
            var model = BertOnnxExporter.Build(source.Weights, new OnnxExportOptions { Pooling = ClassifierPooling.Mean });
            await OnnxModelWriter.WriteAsync(model, onnxPath, OnnxModelWriter.ProtobufLimitBytes, cancellationToken);
            using var classifier = new OnnxSequenceClassifier(onnxPath, ExecutionDevice.Cpu, logger);
            using var trainable = new TrainableBert(source.Weights, new TrainableBertOptions { Pooling = ClassifierPooling.Mean, FreezeEmbeddings = true });
            var optimizer = new AdamW(trainable.Parameters, new AdamWOptions());
            var step = 0UL;
            void Forward(int[] rows) => classifier.Run(FineTuneBatches.ToBatch(tokens, rows));
            void Train(int[] rows)
            {
                trainable.ZeroGradients();
                trainable.ForwardBackward(FineTuneBatches.ToBatch(tokens, rows), rows.Select(r => labels[r]).ToArray(), [], step++);
                GradientClipping.ClipGlobalNorm(trainable.Parameters, 1.0);
                optimizer.Step(1e-5);
            }

            for (var w = 0; w < WarmupRounds; w++)
            {
                Round(plan, Forward, Train, cancellationToken);
            }

            var timed = new List<FineTuneBenchmarkRound>(rounds);
            for (var r = 0; r < rounds; r++)
            {
                var (forwardSeconds, trainSeconds) = Round(plan, Forward, Train, cancellationToken);
                var round = new FineTuneBenchmarkRound(r + 1, measured / trainSeconds, measured / forwardSeconds);
                timed.Add(round);
                progress?.Report(round);
            }

            return new FineTuneBenchmarkResult(plan.Count, measured, timed);
        }
        finally
        {
            File.Delete(onnxPath);
        }
    }

    // Each batch forward, then the same batch trained, so the two figures of a round meet the same moments of a shared machine.
    private static (double ForwardSeconds, double TrainSeconds) Round(IReadOnlyList<int[]> plan, Action<int[]> forward, Action<int[]> train,
        CancellationToken cancellationToken)
    {
        long forwardTicks = 0, trainTicks = 0;
        foreach (var rows in plan)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = Stopwatch.GetTimestamp();
            forward(rows);
            var middle = Stopwatch.GetTimestamp();
            train(rows);
            forwardTicks += middle - start;
            trainTicks += Stopwatch.GetTimestamp() - middle;
        }

        return (forwardTicks / (double)Stopwatch.Frequency, trainTicks / (double)Stopwatch.Frequency);
    }
}

/// <summary>One timed round of <see cref="FineTuneBenchmark"/>: each batch forward, then trained.</summary>
/// <param name="Number">1 for the first timed round.</param>
/// <param name="TrainTokensPerSecond">Training throughput (forward + backward + optimizer step).</param>
/// <param name="ForwardTokensPerSecond">ONNX Runtime forward-only throughput on the same batches.</param>
public sealed record FineTuneBenchmarkRound(int Number, double TrainTokensPerSecond, double ForwardTokensPerSecond)
{
    /// <summary>Training over forward throughput in this round.</summary>
    public double Ratio => TrainTokensPerSecond / ForwardTokensPerSecond;
}

/// <summary>What <see cref="FineTuneBenchmark"/> measured.</summary>
/// <param name="Batches">Batches in each round.</param>
/// <param name="Tokens">Padded tokens in them.</param>
/// <param name="Rounds">The timed rounds, in order.</param>
public sealed record FineTuneBenchmarkResult(int Batches, long Tokens, IReadOnlyList<FineTuneBenchmarkRound> Rounds)
{
    /// <summary>Median training throughput over the rounds.</summary>
    public double TrainTokensPerSecond => Median(Rounds.Select(r => r.TrainTokensPerSecond));

    /// <summary>Median forward throughput over the rounds.</summary>
    public double ForwardTokensPerSecond => Median(Rounds.Select(r => r.ForwardTokensPerSecond));

    /// <summary>
    /// Median of the rounds' ratios: each round measures both paths seconds apart, so a machine that
    /// slows down or speeds up between rounds moves both.
    /// </summary>
    public double Ratio => Median(Rounds.Select(r => r.Ratio));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
