using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using SentimentFactor.Scoring.DefaultModel;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Models;
using SentimentFactor.Scoring.Training;

namespace SentimentFactor.Scoring.Tests.Training;

public sealed class ModelTrainerTests(MiniLmModelFixture model) : IClassFixture<MiniLmModelFixture>
{
    private static readonly string[] Texts =
    [
        "$NVDA smashed earnings, guidance raised, to the moon 🚀",
        "Sold all my $TSLA, terrible quarter and the stock is collapsing",
        "$AAPL earnings scheduled for Thursday after the close",
        "ok",
        "Café résumé naïve ÉCOLE $SPY",
    ];

    [Fact]
    public async Task Classifier_graph_gives_the_same_probabilities_as_encoder_and_head_computed_separately()
    {
        using var classifier = SentimentClassifier.Open(model.Directory, MiniLmModelFixture.Cpu, NullLogger.Instance);
        var fromGraph = await classifier.ScoreAsync(Texts, CancellationToken.None);

        // Separately: the package's own encoder graph, then pooling, normalisation and the head in C#.
        using var encoder = new InferenceSession(MiniLmPackage.ReadModel());
        for (var t = 0; t < Texts.Length; t++)
        {
            var ids = classifier.Tokenizer.Encode(Texts[t]);
            var shape = new long[] { 1, ids.Length };
            using var inputIds = OrtValue.CreateTensorValueFromMemory(ids, shape);
            using var mask = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, ids.Length).ToArray(), shape);
            using var types = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
            using var outputs = encoder.Run(
                new RunOptions(), ["input_ids", "attention_mask", "token_type_ids"], [inputIds, mask, types], ["last_hidden_state"]);
            var hidden = outputs[0].GetTensorDataAsSpan<float>();
            var width = MiniLmPackage.HiddenSize;
            var mean = new double[width];
            for (var i = 0; i < ids.Length; i++)
            {
                for (var j = 0; j < width; j++)
                {
                    mean[j] += hidden[i * width + j] / ids.Length;
                }
            }

            var norm = Math.Sqrt(mean.Sum(v => v * v));
            var embedding = mean.Select(v => (float)(v / norm)).ToArray();
            var logits = model.Result.Head.Logits(embedding);
            var max = logits.Max();
            var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
            var sum = exp.Sum();

            Assert.Equal(exp[0] / sum, fromGraph[t].PNeg, 1e-5);
            Assert.Equal(exp[1] / sum, fromGraph[t].PNeu, 1e-5);
            Assert.Equal(exp[2] / sum, fromGraph[t].PPos, 1e-5);
        }
    }

    [Fact]
    public async Task Real_encoder_batched_scores_equal_one_by_one_scores()
    {
        using var classifier = SentimentClassifier.Open(model.Directory, MiniLmModelFixture.Cpu, NullLogger.Instance);

        // Lengths within 10 % of each other share a padded batch; the others show sorting and splitting.
        string[] texts = [.. Texts, "Sold all my $TSLA, terrible quarter and the stock is collapsing today", "$AAPL earnings scheduled for Thursday"];
        var (batched, stats) = await classifier.ScoreWithStatsAsync(texts, BatchingMode.TokenBudget, CancellationToken.None);
        var (single, _) = await classifier.ScoreWithStatsAsync(texts, BatchingMode.OneByOne, CancellationToken.None);

        Assert.True(stats.ComputedTokens > stats.UsefulTokens, "a batch should contain padding, or the test proves nothing");
        for (var i = 0; i < texts.Length; i++)
        {
            Inference.SentimentClassifierTests.AssertClose(single[i], batched[i]);
        }
    }

    [Fact]
    public void Trained_model_directory_follows_the_model_contract()
    {
        var config = ModelConfig.Load(Path.Combine(model.Directory, "config.json"));

        Assert.Equal(["negative", "neutral", "positive"], config.Labels);
        Assert.Equal(256, config.MaxLength);
        Assert.True(config.LowerCase);
        Assert.Equal(30_522, config.VocabSize);
        Assert.True(File.Exists(Path.Combine(model.Directory, "vocab.txt")));
        Assert.Equal(model.Result.ModelId, ModelFiles.Locate(model.Directory).ComputeModelId());
        Assert.Equal([12, 12, 12], model.Result.Examples);
    }

    [Fact]
    public async Task Head_training_is_deterministic_and_separates_the_training_classes()
    {
        using var encoder = MiniLmEncoder.Open(MiniLmModelFixture.Cpu, NullLogger.Instance);
        var examples = await LabeledSet.ReadAsync(model.DataPath, CancellationToken.None);
        var embeddings = await encoder.EmbedAsync(examples.Select(e => e.Text).ToList(), CancellationToken.None);
        var labels = examples.Select(e => e.Label).ToList();
        var options = new HeadTrainingOptions { Folds = 3, Lambdas = [1e-2, 1e-1] };

        var first = HeadTrainer.Train(embeddings, labels, options);
        var second = HeadTrainer.Train(embeddings, labels, options);

        Assert.Equal(first.Bias, second.Bias);
        Assert.Equal(first.Weights.Cast<float>(), second.Weights.Cast<float>());
        Assert.Equal(first.Weights.Cast<float>(), model.Result.Head.Weights.Cast<float>());
        var correct = embeddings.Where((e, i) => HeadTrainer.ArgMax(first.Logits(e)) == labels[i]).Count();
        Assert.True(correct >= 0.9 * labels.Count, $"head fits only {correct} of {labels.Count} training examples");
    }
}
