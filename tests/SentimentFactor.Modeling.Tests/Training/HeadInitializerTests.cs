using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Training;

namespace SentimentFactor.Modeling.Tests.Training;

public sealed class HeadInitializerTests
{
    [Fact]
    public void A_fresh_head_has_normal_weights_of_std_0_02_and_zero_biases()
    {
        var config = RandomCheckpointWriter.ConfigFor(TinyModels.Spec(BertArchitecture.MegatronBert) with { Hidden = 256, Heads = 4 });

        var tensors = HeadInitializer.Create(config, includePooler: true, seed: 4);

        Assert.Equal(["bert.pooler.dense.weight", "bert.pooler.dense.bias", "classifier.weight", "classifier.bias"], tensors.Select(t => t.Name));
        var pooler = tensors[0].Data;
        var mean = pooler.Average(v => (double)v);
        var std = Math.Sqrt(pooler.Average(v => ((double)v - mean) * ((double)v - mean)));
        Assert.Equal(0.0, mean, 0.001);
        Assert.Equal(0.02, std, 0.0005);
        Assert.All(tensors[1].Data.Concat(tensors[3].Data), v => Assert.Equal(0f, v));
        Assert.Equal([3, 256], tensors[2].Shape);
    }

    [Fact]
    public void Reinitialize_replaces_the_classifier_and_keeps_the_pooler_unless_asked()
    {
        var weights = RandomCheckpointWriter.CreateWeights(TinyModels.Spec(BertArchitecture.Bert));
        var pooler = weights.Data("bert.pooler.dense.weight").ToArray();
        var classifier = weights.Data("classifier.weight").ToArray();

        HeadInitializer.Reinitialize(weights, includePooler: false, seed: 1);

        Assert.Equal(pooler, weights.Data("bert.pooler.dense.weight"));
        Assert.NotEqual(classifier, weights.Data("classifier.weight"));
        Assert.All(weights.Data("classifier.bias"), v => Assert.Equal(0f, v));
    }
}
