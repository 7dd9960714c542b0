using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Reference;

namespace SentimentFactor.Modeling.Tests.Reference;

public sealed class ReferenceBertTests
{
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(-2.0, -0.9953222650189527)]
    public void Erf_matches_tabulated_values_to_2e_7(double x, double expected) =>
        Assert.Equal(expected, ReferenceBert.Erf(x), 2e-7);

    [Fact]
    public void Padding_tokens_do_not_change_a_rows_logits()
    {
        var weights = RandomCheckpointWriter.CreateWeights(TinyModels.Spec(BertArchitecture.MegatronBert));
        var alone = BertBatch.FromSequences([[2, 40, 41, 3]]);
        var padded = BertBatch.FromSequences([[2, 40, 41, 3], [2, 50, 51, 52, 53, 54, 55, 3]]);

        var a = ReferenceBert.Logits(weights, alone);
        var b = ReferenceBert.Logits(weights, padded);

        for (var k = 0; k < 3; k++)
        {
            Assert.Equal(a[k], b[k], 1e-6f);
        }
    }

    [Fact]
    public void Different_inputs_give_different_logits()
    {
        var weights = RandomCheckpointWriter.CreateWeights(TinyModels.Spec(BertArchitecture.Bert));
        var logits = ReferenceBert.Logits(weights, BertBatch.FromSequences([[2, 40, 3], [2, 90, 91, 3]]));

        Assert.True(Enumerable.Range(0, 3).Max(k => MathF.Abs(logits[k] - logits[3 + k])) > 0.01f);
    }
}
