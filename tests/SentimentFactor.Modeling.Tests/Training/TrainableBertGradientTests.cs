using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Reference;
using SentimentFactor.Modeling.Training;

namespace SentimentFactor.Modeling.Tests.Training;

/// <summary>
/// Every trained tensor's gradient against central finite differences. The model runs in float64 (the engine is
/// generic), where a difference step of 1e-5 leaves truncation and rounding errors near 1e-10, so analytic and
/// numeric gradients must agree to 1e-5 relative (plus 1e-9 absolute for near-zero entries); float32 would blur
/// gradients of lower layers into rounding noise.
/// </summary>
public sealed class TrainableBertGradientTests
{
    private const double Step = 1e-5;
    private const double RelativeTolerance = 1e-5;
    private const double AbsoluteTolerance = 1e-9;
    private static readonly float[] ClassWeights = [1.5f, 0.5f, 1.0f];

    [Theory]
    [InlineData(BertArchitecture.Bert, "gelu", ClassifierPooling.ClsPooler, 0f)]
    [InlineData(BertArchitecture.Bert, "gelu", ClassifierPooling.Mean, 0f)]
    [InlineData(BertArchitecture.Bert, "gelu_new", ClassifierPooling.ClsPooler, 0.2f)]
    [InlineData(BertArchitecture.Bert, "gelu", ClassifierPooling.Mean, 0.2f)]
    [InlineData(BertArchitecture.MegatronBert, "gelu", ClassifierPooling.ClsPooler, 0f)]
    [InlineData(BertArchitecture.MegatronBert, "gelu_new", ClassifierPooling.Mean, 0f)]
    [InlineData(BertArchitecture.MegatronBert, "gelu", ClassifierPooling.ClsPooler, 0.2f)]
    [InlineData(BertArchitecture.MegatronBert, "gelu_new", ClassifierPooling.Mean, 0.2f)]
    public void Every_parameter_tensors_gradient_matches_central_differences(BertArchitecture architecture, string activation, ClassifierPooling pooling, float dropout)
    {
        var options = new TrainableBertOptions { Pooling = pooling, DropoutProbability = dropout };
        var engine = DoubleEngine(architecture, activation, options);

        var checkedTensors = CheckAgainstFiniteDifferences(engine);

        var expected = BertWeightLayout.Expected(engine.Config).Select(e => e.Name)
            .Where(n => pooling == ClassifierPooling.ClsPooler || !n.StartsWith(BertWeightLayout.Pooler, StringComparison.Ordinal));
        Assert.Equal(expected, checkedTensors);
    }

    [Theory]
    [InlineData(BertArchitecture.Bert)]
    [InlineData(BertArchitecture.MegatronBert)]
    public void Training_only_the_top_layer_leaves_lower_layers_and_embeddings_out_and_its_gradients_match(BertArchitecture architecture)
    {
        var options = new TrainableBertOptions { TrainedLayers = 1, DropoutProbability = 0.1f };
        var engine = DoubleEngine(architecture, "gelu", options);

        var checkedTensors = CheckAgainstFiniteDifferences(engine);

        Assert.All(checkedTensors, n => Assert.DoesNotContain("embeddings", n, StringComparison.Ordinal));
        Assert.All(checkedTensors, n => Assert.DoesNotContain("layer.0.", n, StringComparison.Ordinal));
        Assert.Contains(checkedTensors, n => n.Contains("layer.1.", StringComparison.Ordinal));
        Assert.Contains($"{BertWeightLayout.Classifier}.weight", checkedTensors);
    }

    [Fact]
    public void Training_no_layer_trains_the_pooler_and_classifier_alone_with_matching_gradients()
    {
        var engine = DoubleEngine(BertArchitecture.MegatronBert, "gelu", new TrainableBertOptions { TrainedLayers = 0, DropoutProbability = 0.1f });

        var checkedTensors = CheckAgainstFiniteDifferences(engine);

        Assert.Equal(["bert.pooler.dense.weight", "bert.pooler.dense.bias", "classifier.weight", "classifier.bias"], checkedTensors);
    }

    [Theory]
    [InlineData(BertArchitecture.Bert, ClassifierPooling.ClsPooler)]
    [InlineData(BertArchitecture.MegatronBert, ClassifierPooling.Mean)]
    public void Low_rank_adapters_gradients_match_and_only_adapters_and_head_train(BertArchitecture architecture, ClassifierPooling pooling)
    {
        var engine = DoubleEngine(architecture, "gelu", new TrainableBertOptions { LoraRank = 3, Pooling = pooling, DropoutProbability = 0.1f });

        // B starts at 0 (so A's gradient is 0 too); give it values so both gradients are exercised.
        var random = new Random(2);
        foreach (var adapter in engine.Adapters)
        {
            for (var i = 0; i < adapter.B.Length; i++)
            {
                adapter.B[i] = (random.NextDouble() - 0.5) * 0.2;
            }
        }

        var checkedTensors = CheckAgainstFiniteDifferences(engine);

        Assert.Equal(4 * 2, checkedTensors.Count(n => n.Contains(".lora_", StringComparison.Ordinal)));
        Assert.All(checkedTensors.Where(n => !n.Contains(".lora_", StringComparison.Ordinal)),
            n => Assert.True(n.StartsWith("classifier.", StringComparison.Ordinal) || n.StartsWith("bert.pooler.", StringComparison.Ordinal), n));
    }

    [Fact]
    public void Frozen_embeddings_get_no_parameter_and_the_encoders_gradients_still_match()
    {
        var engine = DoubleEngine(BertArchitecture.Bert, "gelu", new TrainableBertOptions { FreezeEmbeddings = true, DropoutProbability = 0f });

        var checkedTensors = CheckAgainstFiniteDifferences(engine);

        Assert.All(checkedTensors, n => Assert.DoesNotContain("embeddings", n, StringComparison.Ordinal));
        Assert.Contains(checkedTensors, n => n.Contains("layer.0.attention.self.query", StringComparison.Ordinal));
    }

    private static BertEngine<double> DoubleEngine(BertArchitecture architecture, string activation, TrainableBertOptions options)
    {
        var weights = RandomCheckpointWriter.CreateWeights(TinyModels.Spec(architecture, activation));
        var doubles = weights.Tensors.ToDictionary(t => t.Name, t => t.Data.Select(v => (double)v).ToArray(), StringComparer.Ordinal);
        return new BertEngine<double>(weights.Config, name => doubles[name], options);
    }

    /// <summary>Checks several entries of every trained tensor (the largest-gradient one and random ones); returns the tensors' names.</summary>
    private static List<string> CheckAgainstFiniteDifferences(BertEngine<double> engine)
    {
        var batch = TinyModels.MixedBatch(rows: 5, seed: 3);
        int[] labels = [0, 2, 1, 2, 0];
        const ulong seed = 42;
        engine.ZeroGradients();
        var loss = engine.Run(batch, labels, ClassWeights, seed, dropout: true, backward: true);
        Assert.True(double.IsFinite(loss) && loss > 0);

        var random = new Random(5);
        var names = new List<string>();
        var failures = new List<string>();
        foreach (var parameter in engine.Parameters)
        {
            names.Add(parameter.Name);
            foreach (var index in Entries(parameter, batch, random))
            {
                var original = parameter.Value[index];
                parameter.Value[index] = original + Step;
                var plus = engine.Run(batch, labels, ClassWeights, seed, dropout: true, backward: false);
                parameter.Value[index] = original - Step;
                var minus = engine.Run(batch, labels, ClassWeights, seed, dropout: true, backward: false);
                parameter.Value[index] = original;
                var numeric = (plus - minus) / (2 * Step);
                var analytic = parameter.Gradient[index];
                if (Math.Abs(numeric - analytic) > AbsoluteTolerance + (RelativeTolerance * Math.Max(Math.Abs(numeric), Math.Abs(analytic))))
                {
                    failures.Add($"{parameter.Name}[{index}]: analytic {analytic:G9}, numeric {numeric:G9}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        return names;
    }

    private static IEnumerable<int> Entries(EngineParameter<double> parameter, BertBatch batch, Random random)
    {
        var largest = 0;
        for (var i = 1; i < parameter.Gradient.Length; i++)
        {
            if (Math.Abs(parameter.Gradient[i]) > Math.Abs(parameter.Gradient[largest]))
            {
                largest = i;
            }
        }

        Assert.True(parameter.Gradient[largest] != 0, $"{parameter.Name} got no gradient at all.");
        yield return largest;
        var width = parameter.Shape[^1];
        for (var k = 0; k < 4; k++)
        {
            // Embedding tables: rows the batch uses (the others' gradients are 0 both ways and prove nothing).
            yield return parameter.Name switch
            {
                BertWeightLayout.WordEmbeddings => ((int)batch.InputIds[random.Next(batch.InputIds.Length)] * width) + random.Next(width),
                BertWeightLayout.PositionEmbeddings => (random.Next(batch.SequenceLength) * width) + random.Next(width),
                _ => random.Next(parameter.Value.Length),
            };
        }
    }
}
