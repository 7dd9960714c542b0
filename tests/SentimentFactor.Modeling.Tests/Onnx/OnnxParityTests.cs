using Microsoft.Extensions.Logging.Abstractions;
using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Onnx;
using SentimentFactor.Modeling.Reference;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Modeling.Tests.Onnx;

public sealed class OnnxParityTests : IDisposable
{
    // fp32 graphs must reproduce the reference logits to this absolute tolerance (issue #5).
    private const float Fp32Tolerance = 1e-4f;

    // fp16: the predicted label must match wherever the reference's top-two logits are at least this far apart.
    private const float NearTieMargin = 0.05f;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<BertArchitecture, OnnxGraphVariant, int, string> Fp32Cases() => new()
    {
        { BertArchitecture.MegatronBert, OnnxGraphVariant.Plain, 17, "gelu" },
        { BertArchitecture.MegatronBert, OnnxGraphVariant.Fused, 17, "gelu" },
        { BertArchitecture.Bert, OnnxGraphVariant.Plain, 17, "gelu" },
        { BertArchitecture.Bert, OnnxGraphVariant.Fused, 17, "gelu" },
        { BertArchitecture.MegatronBert, OnnxGraphVariant.Plain, 14, "gelu_new" },
        { BertArchitecture.MegatronBert, OnnxGraphVariant.Fused, 14, "gelu_new" },
        { BertArchitecture.Bert, OnnxGraphVariant.Plain, 14, "relu" },
        { BertArchitecture.Bert, OnnxGraphVariant.Fused, 21, "relu" },
    };

    [Theory]
    [MemberData(nameof(Fp32Cases))]
    public async Task Fp32_graph_matches_reference_logits_on_a_padded_mixed_length_batch(
        BertArchitecture architecture, OnnxGraphVariant variant, int opset, string activation)
    {
        var weights = RandomCheckpointWriter.CreateWeights(TinyModels.Spec(architecture, activation));
        var batch = TinyModels.MixedBatch();
        var expected = ReferenceBert.Logits(weights, batch);

        var actual = await RunAsync(weights, new OnnxExportOptions { Variant = variant, Opset = opset }, batch);

        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => MathF.Abs(e - a)).Max();
        Assert.True(worst <= Fp32Tolerance, $"max |reference - onnx| = {worst} > {Fp32Tolerance}");
    }

    [Theory]
    [InlineData(BertArchitecture.MegatronBert, OnnxGraphVariant.Plain)]
    [InlineData(BertArchitecture.MegatronBert, OnnxGraphVariant.Fused)]
    [InlineData(BertArchitecture.Bert, OnnxGraphVariant.Plain)]
    [InlineData(BertArchitecture.Bert, OnnxGraphVariant.Fused)]
    public async Task Fp16_graph_predicts_the_reference_label_away_from_near_ties(BertArchitecture architecture, OnnxGraphVariant variant)
    {
        var weights = RandomCheckpointWriter.CreateWeights(TinyModels.Spec(architecture));
        var batch = TinyModels.MixedBatch(rows: 16);
        var expected = ReferenceBert.Logits(weights, batch);
        var labels = weights.Config.Labels.Count;

        var actual = await RunAsync(weights, new OnnxExportOptions { Variant = variant, Fp16 = true }, batch);

        var checkedRows = 0;
        for (var r = 0; r < batch.BatchSize; r++)
        {
            var reference = expected.AsSpan(r * labels, labels).ToArray();
            var sorted = reference.OrderDescending().ToArray();
            if (sorted[0] - sorted[1] < NearTieMargin)
            {
                continue;
            }

            checkedRows++;
            Assert.Equal(Array.IndexOf(reference, sorted[0]), ArgMax(actual.AsSpan(r * labels, labels)));
        }

        Assert.True(checkedRows >= batch.BatchSize / 2, $"only {checkedRows} of {batch.BatchSize} rows were clear of near-ties");
        Assert.True(expected.Zip(actual, (e, a) => MathF.Abs(e - a)).Max() < 0.05f, "fp16 logits drift more than 0.05 from the reference");
    }

    [Fact]
    public async Task Padding_does_not_change_a_rows_logits()
    {
        var weights = RandomCheckpointWriter.CreateWeights(TinyModels.Spec(BertArchitecture.MegatronBert));
        var batch = TinyModels.MixedBatch();
        var padded = await RunAsync(weights, new OnnxExportOptions(), batch);
        var labels = weights.Config.Labels.Count;
        for (var r = 1; r < batch.BatchSize; r++)
        {
            var length = (int)batch.AttentionMask.AsSpan(r * batch.SequenceLength, batch.SequenceLength).ToArray().Sum();
            var single = new BertBatch(1, length,
                batch.InputIds.AsSpan(r * batch.SequenceLength, length).ToArray(),
                batch.AttentionMask.AsSpan(r * batch.SequenceLength, length).ToArray(),
                batch.TokenTypeIds.AsSpan(r * batch.SequenceLength, length).ToArray());
            var alone = await RunAsync(weights, new OnnxExportOptions(), single);
            for (var k = 0; k < labels; k++)
            {
                Assert.Equal(alone[k], padded[(r * labels) + k], 1e-4f);
            }
        }
    }

    private async Task<float[]> RunAsync(BertWeights weights, OnnxExportOptions options, BertBatch batch)
    {
        var path = _temp.Combine($"model-{Guid.NewGuid():N}.onnx");
        var model = BertOnnxExporter.Build(weights, options);
        await OnnxModelWriter.WriteAsync(model, path, OnnxModelWriter.ProtobufLimitBytes, CancellationToken.None);
        using var classifier = new OnnxSequenceClassifier(path, ExecutionDevice.Cpu, NullLogger.Instance, intraOpThreads: 1);
        return classifier.Run(batch);
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
