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
    /// <summary>Runs one warm-up batch of each, then every batch once through each path.</summary>
    public static async Task<FineTuneBenchmarkResult> RunAsync(string dataPath, int batches, int maxTokens, ILogger logger, CancellationToken cancellationToken)
    {
        var source = await FineTuneBase.LoadAsync(FineTuneBase.MiniLm, seed: 1, cancellationToken);
        var examples = await LabeledSet.ReadAsync(dataPath, cancellationToken);
        var tokens = examples.Select(e => source.Tokenizer.Encode(e.Text)).ToArray();
        var labels = examples.Select(e => (int)e.Label).ToArray();
        var plan = FineTuneBatches.ForEpoch(tokens, Enumerable.Range(0, tokens.Length).ToArray(), maxTokens, 64, seed: 1, epoch: 0)
            .Take(batches + 1).ToList();
        var onnxPath = Path.Combine(Path.GetTempPath(), $"sf-bench-finetune-{Guid.NewGuid():N}.onnx");
        try
        {
            var model = BertOnnxExporter.Build(source.Weights, new OnnxExportOptions { Pooling = ClassifierPooling.Mean });
            await OnnxModelWriter.WriteAsync(model, onnxPath, OnnxModelWriter.ProtobufLimitBytes, cancellationToken);
            double forwardSeconds;
            using (var classifier = new OnnxSequenceClassifier(onnxPath, ExecutionDevice.Cpu, logger))
            {
                forwardSeconds = Time(plan, rows => classifier.Run(FineTuneBatches.ToBatch(tokens, rows)), cancellationToken);
            }

            using var trainable = new TrainableBert(source.Weights, new TrainableBertOptions { Pooling = ClassifierPooling.Mean, FreezeEmbeddings = true });
            var optimizer = new AdamW(trainable.Parameters, new AdamWOptions());
            var step = 0UL;
            var trainSeconds = Time(plan, rows =>
            {
                trainable.ZeroGradients();
                trainable.ForwardBackward(FineTuneBatches.ToBatch(tokens, rows), rows.Select(r => labels[r]).ToArray(), [], step++);
                GradientClipping.ClipGlobalNorm(trainable.Parameters, 1.0);
                optimizer.Step(1e-5);
            }, cancellationToken);
            var measured = plan.Skip(1).Sum(rows => (long)rows.Length * rows.Max(r => tokens[r].Length));
            return new FineTuneBenchmarkResult(plan.Count - 1, measured, measured / trainSeconds, measured / forwardSeconds);
        }
        finally
        {
            File.Delete(onnxPath);
        }
    }

    // The first batch warms up (session, buffers, BLAS threads) and is not timed.
    private static double Time(IReadOnlyList<int[]> plan, Action<int[]> run, CancellationToken cancellationToken)
    {
        run(plan[0]);
        var stopwatch = Stopwatch.StartNew();
        foreach (var rows in plan.Skip(1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            run(rows);
        }

        return stopwatch.Elapsed.TotalSeconds;
    }
}

/// <summary>What <see cref="FineTuneBenchmark"/> measured.</summary>
/// <param name="Batches">Timed batches.</param>
/// <param name="Tokens">Padded tokens in them.</param>
/// <param name="TrainTokensPerSecond">Training throughput (forward + backward + optimizer step).</param>
/// <param name="ForwardTokensPerSecond">ONNX Runtime forward-only throughput on the same batches.</param>
public sealed record FineTuneBenchmarkResult(int Batches, long Tokens, double TrainTokensPerSecond, double ForwardTokensPerSecond)
{
    /// <summary>Training over forward throughput.</summary>
    public double Ratio => TrainTokensPerSecond / ForwardTokensPerSecond;
}
