using Microsoft.Extensions.Logging.Abstractions;
using SentimentFactor.Scoring.DefaultModel;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Training;
using SentimentFactor.Modeling.Onnx;

namespace SentimentFactor.Scoring.Tests.Training;

public sealed class PooledHeadGraphTests
{
    private static readonly string[] Texts =
    [
        "Goldman downgrades Boeing to sell, shares fall 4% premarket",
        "Microsoft beats on revenue and raises dividend",
        "ok",
        "$AAPL earnings scheduled for Thursday after the close, volume light and the options market pricing a small move",
    ];

    [Fact]
    public async Task Classifier_with_several_pooled_blocks_and_a_lexical_table_matches_features_and_head_computed_separately()
    {
        PoolingBlock[] pooling = [new(5, PoolingKind.Mean), new(6, PoolingKind.Max), new(6, PoolingKind.Cls)];
        var random = new Random(7);
        var width = pooling.Length * MiniLmPackage.HiddenSize;
        var weights = new float[width, 3];
        for (var j = 0; j < width; j++)
        {
            for (var k = 0; k < 3; k++)
            {
                weights[j, k] = (float)(random.NextDouble() - 0.5) * 0.2f;
            }
        }

        var lexical = new SortedDictionary<int, float[]>();
        using var encoder = MiniLmEncoder.Open(MiniLmModelFixture.Cpu, NullLogger.Instance, pooling);
        foreach (var id in Texts.SelectMany(encoder.Tokenizer.Encode).Distinct().Where(_ => random.NextDouble() < 0.7))
        {
            lexical[(int)id] = [(float)random.NextDouble() * 4 - 2, 0.5f, (float)random.NextDouble() * 4 - 2];
        }

        var head = new TrainedHead(weights, [0.1f, 0.3f, -0.2f], 0, 0, []) { Pooling = pooling, Lexical = lexical };
        var directory = TestModels.TempDirectory("pooled");
        await ModelAssembler.WriteAsync(directory, head, CancellationToken.None);
        using var classifier = SentimentClassifier.Open(directory, MiniLmModelFixture.Cpu, NullLogger.Instance);

        var fromGraph = await classifier.ScoreAsync(Texts, CancellationToken.None);
        var features = await encoder.EmbedAsync(Texts, CancellationToken.None);

        for (var t = 0; t < Texts.Length; t++)
        {
            var p = HeadTrainer.Softmax(head.Logits(features[t], encoder.Tokenizer.Encode(Texts[t])), 1.0);
            Assert.Equal(p[0], fromGraph[t].PNeg, 1e-5);
            Assert.Equal(p[1], fromGraph[t].PNeu, 1e-5);
            Assert.Equal(p[2], fromGraph[t].PPos, 1e-5);
        }
    }
}
