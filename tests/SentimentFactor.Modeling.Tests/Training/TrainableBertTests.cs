using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Reference;
using SentimentFactor.Modeling.Training;

namespace SentimentFactor.Modeling.Tests.Training;

public sealed class TrainableBertTests
{
    [Theory]
    [InlineData(BertArchitecture.Bert, "gelu")]
    [InlineData(BertArchitecture.Bert, "relu")]
    [InlineData(BertArchitecture.MegatronBert, "gelu_new")]
    [InlineData(BertArchitecture.MegatronBert, "gelu")]
    public void Logits_equal_the_reference_forward_pass_to_1e_5(BertArchitecture architecture, string activation)
    {
        var weights = RandomCheckpointWriter.CreateWeights(TinyModels.Spec(architecture, activation));
        var batch = TinyModels.MixedBatch();
        using var model = new TrainableBert(weights, new TrainableBertOptions());

        var expected = ReferenceBert.Logits(weights, batch);
        var actual = model.Logits(batch);

        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-5f);
        }
    }

    [Fact]
    public void The_same_dropout_seed_gives_the_same_loss_and_another_seed_another()
    {
        var weights = RandomCheckpointWriter.CreateWeights(TinyModels.Spec(BertArchitecture.Bert));
        var batch = TinyModels.MixedBatch();
        int[] labels = [0, 1, 2, 0, 1, 2, 0, 1];
        using var model = new TrainableBert(weights, new TrainableBertOptions { DropoutProbability = 0.3f });

        var first = model.ForwardBackward(batch, labels, [], 9);
        var again = model.ForwardBackward(batch, labels, [], 9);
        var other = model.ForwardBackward(batch, labels, [], 10);
        var clean = model.Loss(batch, labels, []);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.NotEqual(first, clean);
    }

    [Theory]
    [InlineData(ClassifierPooling.ClsPooler)]
    [InlineData(ClassifierPooling.Mean)]
    public void One_and_two_threads_give_the_same_loss_and_gradients(ClassifierPooling pooling)
    {
        var batch = TinyModels.MixedBatch();
        int[] labels = [0, 1, 2, 0, 1, 2, 0, 1];
        var one = new TrainableBert(RandomCheckpointWriter.CreateWeights(TinyModels.Spec(BertArchitecture.MegatronBert)), new TrainableBertOptions { Pooling = pooling, Threads = 1 });
        var two = new TrainableBert(RandomCheckpointWriter.CreateWeights(TinyModels.Spec(BertArchitecture.MegatronBert)), new TrainableBertOptions { Pooling = pooling, Threads = 2 });

        Assert.Equal(one.ForwardBackward(batch, labels, [], 5), two.ForwardBackward(batch, labels, [], 5), 1e-6f);
        for (var i = 0; i < one.Parameters.Count; i++)
        {
            var a = one.Parameters[i].Gradient;
            var b = two.Parameters[i].Gradient;
            var scale = a.Max(MathF.Abs);
            Assert.True(a.Zip(b).All(p => MathF.Abs(p.First - p.Second) <= 1e-5f * scale), one.Parameters[i].Name);
        }
    }

    [Fact]
    public void Backward_passes_add_their_gradients_until_they_are_zeroed()
    {
        // The first pass after zeroing writes the weight gradients' products; later ones must add to them.
        var batch = TinyModels.MixedBatch();
        int[] labels = [0, 1, 2, 0, 1, 2, 0, 1];
        using var model = new TrainableBert(RandomCheckpointWriter.CreateWeights(TinyModels.Spec(BertArchitecture.Bert)), new TrainableBertOptions());
        model.ForwardBackward(batch, labels, [], 3);
        var once = model.Parameters.Select(p => p.Gradient.ToArray()).ToArray();
        model.ForwardBackward(batch, labels, [], 3);

        // One scale for all: some gradients (the key bias's) are zero but for rounding.
        var scale = once.Max(g => g.Max(MathF.Abs));
        for (var i = 0; i < once.Length; i++)
        {
            Assert.True(once[i].Zip(model.Parameters[i].Gradient).All(p => MathF.Abs((2 * p.First) - p.Second) <= 1e-5f * scale), model.Parameters[i].Name);
        }

        model.ZeroGradients();
        model.ForwardBackward(batch, labels, [], 3);
        for (var i = 0; i < once.Length; i++)
        {
            Assert.Equal(once[i], model.Parameters[i].Gradient);
        }
    }

    [Fact]
    public void Loss_is_the_class_weighted_mean_cross_entropy_of_the_logits()
    {
        var weights = RandomCheckpointWriter.CreateWeights(TinyModels.Spec(BertArchitecture.MegatronBert));
        var batch = TinyModels.MixedBatch(rows: 4);
        int[] labels = [2, 0, 0, 1];
        float[] classWeights = [0.5f, 2f, 1f];
        using var model = new TrainableBert(weights, new TrainableBertOptions());

        var logits = model.Logits(batch);
        double sum = 0, weightSum = 0;
        for (var b = 0; b < 4; b++)
        {
            var z = logits.AsSpan(b * 3, 3).ToArray().Select(v => (double)v).ToArray();
            var logSumExp = Math.Log(z.Sum(Math.Exp));
            sum += classWeights[labels[b]] * (logSumExp - z[labels[b]]);
            weightSum += classWeights[labels[b]];
        }

        Assert.Equal(sum / weightSum, model.Loss(batch, labels, classWeights), 1e-5);
    }

    [Fact]
    public void Training_a_tiny_model_on_a_separable_set_lowers_the_loss()
    {
        // Class = which of three token groups a text draws its words from; 24 texts of 4-9 tokens.
        var random = new Random(3);
        var sequences = new List<IReadOnlyList<long>>();
        var labels = new List<int>();
        for (var i = 0; i < 24; i++)
        {
            var label = i % 3;
            var words = Enumerable.Range(0, random.Next(2, 8)).Select(_ => (long)(10 + (label * 20) + random.Next(20)));
            sequences.Add([2, .. words, 3]);
            labels.Add(label);
        }

        var batch = BertBatch.FromSequences(sequences);
        var weights = RandomCheckpointWriter.CreateWeights(TinyModels.Spec(BertArchitecture.Bert) with { InitStd = 0.02 });
        HeadInitializer.Reinitialize(weights, includePooler: false, seed: 1);
        using var model = new TrainableBert(weights, new TrainableBertOptions { DropoutProbability = 0.1f });
        var optimizer = new AdamW(model.Parameters, new AdamWOptions());
        var schedule = new LearningRateSchedule(1e-3, 10, 150);
        var before = model.Loss(batch, labels.ToArray(), []);

        for (var step = 0; step < 150; step++)
        {
            model.ZeroGradients();
            model.ForwardBackward(batch, labels.ToArray(), [], (ulong)step);
            GradientClipping.ClipGlobalNorm(model.Parameters, 1.0);
            optimizer.Step(schedule.At(step));
        }

        var after = model.Loss(batch, labels.ToArray(), []);
        var logits = model.Logits(batch);
        var correct = Enumerable.Range(0, labels.Count).Count(b => Enumerable.Range(0, 3).MaxBy(c => logits[(b * 3) + c]) == labels[b]);
        Assert.True(after < before / 4, $"loss {before} -> {after}");
        Assert.Equal(labels.Count, correct);
    }

    [Fact]
    public void Training_updates_the_weights_it_was_built_from_in_place()
    {
        var weights = RandomCheckpointWriter.CreateWeights(TinyModels.Spec(BertArchitecture.Bert));
        var before = weights.Data("classifier.weight").ToArray();
        using var model = new TrainableBert(weights, new TrainableBertOptions());
        var optimizer = new AdamW(model.Parameters, new AdamWOptions());

        model.ForwardBackward(TinyModels.MixedBatch(rows: 2), [0, 1], [], 1);
        optimizer.Step(1e-3);

        Assert.NotEqual(before, weights.Data("classifier.weight"));
        Assert.Same(weights.Data("classifier.weight"), model.Parameters.Single(p => p.Name == "classifier.weight").Value);
    }

    [Theory]
    [InlineData(ClassifierPooling.ClsPooler)]
    [InlineData(ClassifierPooling.Mean)]
    public void Merged_adapters_give_the_weights_alone_the_trained_models_logits(ClassifierPooling pooling)
    {
        var weights = RandomCheckpointWriter.CreateWeights(TinyModels.Spec(BertArchitecture.MegatronBert));
        var batch = TinyModels.MixedBatch();
        int[] labels = [0, 1, 2, 0, 1, 2, 0, 1];
        var before = weights.Data("bert.encoder.layer.0.attention.self.query.weight").ToArray();
        using var model = new TrainableBert(weights, new TrainableBertOptions { LoraRank = 4, Pooling = pooling });
        var optimizer = new AdamW(model.Parameters, new AdamWOptions());
        for (var step = 0; step < 5; step++)
        {
            model.ZeroGradients();
            model.ForwardBackward(batch, labels, [], (ulong)step);
            optimizer.Step(1e-2);
        }

        Assert.Equal(before, weights.Data("bert.encoder.layer.0.attention.self.query.weight"));
        var adapted = model.Logits(batch);
        model.MergeAdapters();

        Assert.NotEqual(before, weights.Data("bert.encoder.layer.0.attention.self.query.weight"));
        using var plain = new TrainableBert(weights, new TrainableBertOptions { Pooling = pooling });
        var merged = plain.Logits(batch);
        var unchanged = model.Logits(batch);
        for (var i = 0; i < adapted.Length; i++)
        {
            Assert.Equal(adapted[i], merged[i], 1e-5f);
            Assert.Equal(adapted[i], unchanged[i], 1e-5f);
        }

        var untrained = ReferenceBert.Logits(RandomCheckpointWriter.CreateWeights(TinyModels.Spec(BertArchitecture.MegatronBert)), batch);
        Assert.Contains(adapted.Zip(untrained), p => MathF.Abs(p.First - p.Second) > 1e-3f);
    }

    [Fact]
    public void Activation_bytes_grow_with_the_batch_and_cover_what_a_batch_allocates()
    {
        var weights = RandomCheckpointWriter.CreateWeights(TinyModels.Spec(BertArchitecture.Bert));
        using var model = new TrainableBert(weights, new TrainableBertOptions { Threads = 1 });
        var batch = TinyModels.MixedBatch(rows: 8);
        var estimate = model.ActivationBytes(batch.BatchSize, batch.SequenceLength);

        var before = GC.GetAllocatedBytesForCurrentThread();
        model.ForwardBackward(batch, [0, 1, 2, 0, 1, 2, 0, 1], [], 1);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, estimate * 0.8, estimate * 1.5);
        Assert.True(model.ActivationBytes(16, batch.SequenceLength) > 1.9 * estimate);
    }

    [Fact]
    public void Bad_labels_and_class_weights_are_refused_with_the_range()
    {
        var weights = RandomCheckpointWriter.CreateWeights(TinyModels.Spec(BertArchitecture.Bert));
        using var model = new TrainableBert(weights, new TrainableBertOptions());
        var batch = TinyModels.MixedBatch(rows: 2);

        var label = Assert.Throws<ArgumentOutOfRangeException>(() => model.ForwardBackward(batch, [0, 3], [], 1));
        Assert.Contains("0..2", label.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => model.ForwardBackward(batch, [0], [], 1));
        Assert.Throws<ArgumentException>(() => model.ForwardBackward(batch, [0, 1], [1f, 1f], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainableBert(weights, new TrainableBertOptions { TrainedLayers = 3 }));
        Assert.Throws<ArgumentException>(() => new TrainableBert(weights, new TrainableBertOptions { TrainedLayers = 1, LoraRank = 8 }));
    }
}
