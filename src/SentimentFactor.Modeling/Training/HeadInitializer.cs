using SentimentFactor.Modeling.Checkpoints;

namespace SentimentFactor.Modeling.Training;

/// <summary>
/// A fresh classification head as Hugging Face initialises one (BertPreTrainedModel._init_weights): Linear weights
/// drawn from N(0, initializer_range), biases 0.
/// </summary>
public static class HeadInitializer
{
    /// <summary>Hugging Face's default initializer_range.</summary>
    public const double DefaultStandardDeviation = 0.02;

    /// <summary>
    /// New classifier tensors for <paramref name="config"/> (weight [labels, hidden] and bias), and the pooler's too when
    /// <paramref name="includePooler"/> (for a checkpoint that has none); deterministic for <paramref name="seed"/>.
    /// </summary>
    public static IReadOnlyList<FloatTensor> Create(BertConfig config, bool includePooler, int seed, double standardDeviation = DefaultStandardDeviation)
    {
        ArgumentNullException.ThrowIfNull(config);
        var random = new Random(seed);
        var tensors = new List<FloatTensor>();
        if (includePooler)
        {
            AddLinear(tensors, BertWeightLayout.Pooler, config.HiddenSize, config.HiddenSize, random, standardDeviation);
        }

        AddLinear(tensors, BertWeightLayout.Classifier, config.Labels.Count, config.HiddenSize, random, standardDeviation);
        return tensors;
    }

    /// <summary>Overwrites the classifier (and, when <paramref name="includePooler"/>, the pooler) of <paramref name="weights"/> in place.</summary>
    public static void Reinitialize(BertWeights weights, bool includePooler, int seed, double standardDeviation = DefaultStandardDeviation)
    {
        ArgumentNullException.ThrowIfNull(weights);
        foreach (var tensor in Create(weights.Config, includePooler, seed, standardDeviation))
        {
            tensor.Data.CopyTo(weights.Data(tensor.Name), 0);
        }
    }

    private static void AddLinear(List<FloatTensor> tensors, string prefix, int outFeatures, int inFeatures, Random random, double standardDeviation)
    {
        var weight = new float[outFeatures * inFeatures];
        for (var i = 0; i < weight.Length; i++)
        {
            weight[i] = (float)(Gaussian(random) * standardDeviation);
        }

        tensors.Add(new FloatTensor($"{prefix}.weight", [outFeatures, inFeatures], weight));
        tensors.Add(new FloatTensor($"{prefix}.bias", [outFeatures], new float[outFeatures]));
    }

    private static double Gaussian(Random random)
    {
        // Box-Muller: two uniforms in (0, 1] give one standard normal.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
