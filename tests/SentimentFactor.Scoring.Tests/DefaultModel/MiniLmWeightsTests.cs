using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Reference;
using SentimentFactor.Scoring.DefaultModel;
using SentimentFactor.Scoring.Tests.Training;
using SentimentFactor.Scoring.Tokenization;
using SentimentFactor.Scoring.Training;
using SentimentFactor.Modeling.Onnx;

namespace SentimentFactor.Scoring.Tests.DefaultModel;

/// <summary>
/// The package's ONNX encoder read back into Hugging Face weights must compute what the package's graph computes:
/// the reference forward pass over the extracted weights against ONNX Runtime over the original graph.
/// </summary>
public sealed class MiniLmWeightsTests
{
    private const double Tolerance = 2e-4;

    private const float PoolerScale = 0.01f;

    private static readonly string[] Texts =
    [
        "$AAPL beats estimates, shares jump 5% after hours",
        "Fed holds rates steady",
        "Tesla recalls 2 million vehicles over autopilot concerns; stock falls",
    ];

    [Fact]
    public void Extracted_minilm_has_the_all_minilm_l6_v2_shape()
    {
        var encoder = MiniLmWeights.ReadEncoder();
        var config = MiniLmWeights.Config(encoder, ["negative", "neutral", "positive"]);

        Assert.Equal((6, 384, 1536, 30522, 512, 2), (config.NumHiddenLayers, config.HiddenSize, config.IntermediateSize,
            config.VocabSize, config.MaxPositionEmbeddings, config.TypeVocabSize));
        Assert.Equal(BertWeightLayout.Expected(config).Count - 2, encoder.Count);
    }

    [Fact]
    public async Task Reference_forward_over_extracted_weights_matches_the_package_graph()
    {
        var encoder = MiniLmWeights.ReadEncoder().Where(t => !t.Name.StartsWith(BertWeightLayout.Pooler, StringComparison.Ordinal)).ToList();
        var hidden = MiniLmPackage.HiddenSize;
        var labels = Enumerable.Range(0, hidden).Select(i => "h" + i).ToArray();
        var config = MiniLmWeights.Config(encoder, labels);

        // A scaled identity pooler and an identity classifier turn the logits into tanh(0.01 h[CLS]), which is
        // inverted exactly enough to compare the last layer's [CLS] state with the package graph's.
        var pooler = new float[hidden * hidden];
        var identity = new float[hidden * hidden];
        for (var i = 0; i < hidden; i++)
        {
            pooler[(i * hidden) + i] = PoolerScale;
            identity[(i * hidden) + i] = 1f;
        }

        var weights = new BertWeights(config, [.. encoder,
            new FloatTensor(BertWeightLayout.Pooler + ".weight", [hidden, hidden], pooler),
            new FloatTensor(BertWeightLayout.Pooler + ".bias", [hidden], new float[hidden]),
            new FloatTensor(BertWeightLayout.Classifier + ".weight", [hidden, hidden], identity),
            new FloatTensor(BertWeightLayout.Classifier + ".bias", [hidden], new float[hidden])]);
        var tokenizer = WordPieceTokenizer.FromVocabularyText(Encoding.UTF8.GetString(MiniLmPackage.ReadVocabulary()), lowerCase: true, MiniLmPackage.MaxLength);
        using var package = MiniLmEncoder.Open(MiniLmModelFixture.Cpu, NullLogger.Instance, [new PoolingBlock(6, PoolingKind.Cls)]);
        var expected = await package.EmbedAsync(Texts, CancellationToken.None);

        for (var t = 0; t < Texts.Length; t++)
        {
            var logits = ReferenceBert.Logits(weights, BertBatch.FromSequences([tokenizer.Encode(Texts[t])]));
            var state = logits.Select(v => Math.Atanh(v) / PoolerScale).ToArray();
            var norm = Math.Sqrt(state.Sum(v => v * v));
            for (var i = 0; i < hidden; i++)
            {
                Assert.Equal(expected[t][i], state[i] / norm, Tolerance);
            }
        }
    }
}
