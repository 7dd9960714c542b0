using Microsoft.Extensions.Logging.Abstractions;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Models;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Scoring.Tests.Inference;

public sealed class SentimentClassifierTests
{
    private const float Tolerance = 1e-5f;

    internal static readonly ScoringRuntimeOptions Cpu = new()
    {
        Device = ExecutionDevice.Cpu,
        MaxTokensPerBatch = 256,
        MaxBatchSize = 16,
        IntraOpThreads = 1,
    };

    internal static readonly string[] Posts =
    [
        "$AAPL to the moon 🚀",
        "Sold everything, $TSLA guidance was a disaster and the stock is getting crushed after hours",
        "ok",
        "$NVDA earnings on Wednesday after the close #earnings https://t.co/x7Kq2LmP9a",
        "Bought more $MSFT. Cloud growth keeps accelerating, margins expanding, buyback announced, very bullish long term.",
        "",
        "腾讯控股 $TCEHY 涨了",
        "   ",
        "Café résumé: $SPY flat",
        string.Join(' ', Enumerable.Repeat("$QQQ puts printing, bears in full control", 30)),
        "meh",
        "$AMD $INTC $MU chips all red today 📉",
    ];

    [Fact]
    public async Task Token_budget_batches_give_the_same_scores_as_one_by_one()
    {
        using var classifier = SentimentClassifier.Open(TestModels.Tiny("tiny"), Cpu, NullLogger.Instance);

        var (batched, stats) = await classifier.ScoreWithStatsAsync(Posts, BatchingMode.TokenBudget, CancellationToken.None);
        var (single, _) = await classifier.ScoreWithStatsAsync(Posts, BatchingMode.OneByOne, CancellationToken.None);
        var (arrival, _) = await classifier.ScoreWithStatsAsync(Posts, BatchingMode.FixedArrival, CancellationToken.None);
        var (sorted, _) = await classifier.ScoreWithStatsAsync(Posts, BatchingMode.FixedSorted, CancellationToken.None);

        Assert.True(stats.Batches > 1, $"expected several batches under a 256-token budget, got {stats.Batches}");
        for (var i = 0; i < Posts.Length; i++)
        {
            AssertClose(single[i], batched[i]);
            AssertClose(single[i], arrival[i]);
            AssertClose(single[i], sorted[i]);
        }
    }

    [Fact]
    public async Task Probabilities_sum_to_one_and_label_is_the_most_probable_class()
    {
        using var classifier = SentimentClassifier.Open(TestModels.Tiny("tiny"), Cpu, NullLogger.Instance);

        var scores = await classifier.ScoreAsync(Posts, CancellationToken.None);

        foreach (var s in scores)
        {
            Assert.Equal(1f, s.PNeg + s.PNeu + s.PPos, 1e-5f);
            var max = Math.Max(s.PNeg, Math.Max(s.PNeu, s.PPos));
            var expected = s.PNeu == max ? SentimentLabel.Neutral : s.PPos == max ? SentimentLabel.Positive : SentimentLabel.Negative;
            Assert.Equal(expected, s.Label);
        }
    }

    [Fact]
    public async Task Empty_and_whitespace_posts_are_neutral_with_certainty()
    {
        using var classifier = SentimentClassifier.Open(TestModels.Tiny("tiny"), Cpu, NullLogger.Instance);

        var scores = await classifier.ScoreAsync(["", "  \t\n", "$AAPL"], CancellationToken.None);

        Assert.Equal(SentimentScore.Empty, scores[0]);
        Assert.Equal(SentimentScore.Empty, scores[1]);
        Assert.NotEqual(SentimentScore.Empty, scores[2]);
    }

    [Fact]
    public async Task Text_past_max_length_is_truncated_so_extra_words_change_nothing()
    {
        using var classifier = SentimentClassifier.Open(TestModels.Tiny("tiny"), Cpu, NullLogger.Instance);
        var longPost = string.Join(' ', Enumerable.Repeat("$SPY dumping hard today", 40));

        var scores = await classifier.ScoreAsync([longPost, longPost + " but then it ripped to new highs 🚀🚀🚀"], CancellationToken.None);

        Assert.Equal(64, classifier.Tokenizer.Encode(longPost).Length);
        AssertClose(scores[0], scores[1]);
    }

    [Fact]
    public async Task Two_label_model_gives_zero_neutral_probability()
    {
        using var classifier = SentimentClassifier.Open(
            TestModels.Tiny("tiny-two", labels: 2, labelNames: ["Bearish", "Bullish"]), Cpu, NullLogger.Instance);

        var scores = await classifier.ScoreAsync(["$AAPL up", "$AAPL down"], CancellationToken.None);

        Assert.All(scores, s => Assert.Equal(0f, s.PNeu));
        Assert.All(scores, s => Assert.Equal(1f, s.PNeg + s.PPos, 1e-5f));
    }

    [Fact]
    public async Task Float16_logits_are_accepted_and_match_float32_to_half_precision()
    {
        using var single = SentimentClassifier.Open(TestModels.Tiny("tiny"), Cpu, NullLogger.Instance);
        using var half = SentimentClassifier.Open(TestModels.Tiny("tiny-fp16", float16Logits: true), Cpu, NullLogger.Instance);

        var expected = await single.ScoreAsync(Posts, CancellationToken.None);
        var actual = await half.ScoreAsync(Posts, CancellationToken.None);

        for (var i = 0; i < Posts.Length; i++)
        {
            Assert.Equal(expected[i].PNeg, actual[i].PNeg, 2e-3f);
            Assert.Equal(expected[i].PPos, actual[i].PPos, 2e-3f);
        }
    }

    [Fact]
    public void Model_id_is_the_sha256_of_the_model_file()
    {
        var dir = TestModels.Tiny("tiny");
        using var classifier = SentimentClassifier.Open(dir, Cpu, NullLogger.Instance);

        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, "model.onnx"))));

        Assert.Equal(expected, classifier.ModelId);
        Assert.Equal("CPUExecutionProvider", classifier.Provider);
    }

    [Fact]
    public void Model_without_logits_output_is_refused_before_any_work()
    {
        var error = Assert.Throws<ScoringException>(() =>
            SentimentClassifier.Open(TestModels.Tiny("tiny-scores", logitsName: "scores"), Cpu, NullLogger.Instance));

        Assert.Contains("no 'logits' output (outputs: scores)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_naming_fewer_labels_than_logits_is_refused()
    {
        var error = Assert.Throws<ScoringException>(() =>
            SentimentClassifier.Open(TestModels.Tiny("tiny-4", labels: 4, labelNames: ["negative", "neutral", "positive"]), Cpu, NullLogger.Instance));

        Assert.Contains("gives 4 logits but config.json id2label names 3 labels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_that_are_not_sentiments_are_refused()
    {
        var error = Assert.Throws<ScoringException>(() =>
            SentimentClassifier.Open(TestModels.Tiny("tiny-generic", labelNames: ["LABEL_0", "LABEL_1", "LABEL_2"]), Cpu, NullLogger.Instance));

        Assert.Contains("[LABEL_0, LABEL_1, LABEL_2] cannot be mapped", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vocabulary_larger_than_the_embedding_table_is_refused()
    {
        var error = Assert.Throws<ScoringException>(() =>
            SentimentClassifier.Open(TestModels.Tiny("tiny-small-vocab", vocabRows: 1_000), Cpu, NullLogger.Instance));

        Assert.Contains("fails on the vocabulary's highest id 30521", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_model_file_is_a_clear_error()
    {
        var dir = TestModels.Tiny("tiny-corrupt", modelBytes: [0x08, 0x07, 0x12, 0xFF, 0xFF, 0x00, 0x42, 0x13, 0x37]);

        var error = Assert.Throws<ScoringException>(() => SentimentClassifier.Open(dir, Cpu, NullLogger.Instance));

        Assert.StartsWith($"Model file {Path.Combine(dir, "model.onnx")} cannot be loaded by ONNX Runtime", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_model_directory_is_a_clear_error()
    {
        var error = Assert.Throws<ScoringException>(() => SentimentClassifier.Open("/nonexistent/model-dir", Cpu, NullLogger.Instance));

        Assert.StartsWith("Model not found: /nonexistent/model-dir.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelled_scoring_throws_operation_cancelled()
    {
        using var classifier = SentimentClassifier.Open(TestModels.Tiny("tiny"), Cpu, NullLogger.Instance);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => classifier.ScoreAsync(Posts, cancelled.Token));
    }

    internal static void AssertClose(SentimentScore expected, SentimentScore actual)
    {
        Assert.Equal(expected.PNeg, actual.PNeg, Tolerance);
        Assert.Equal(expected.PNeu, actual.PNeu, Tolerance);
        Assert.Equal(expected.PPos, actual.PPos, Tolerance);
        Assert.Equal(expected.Label, actual.Label);
    }
}
