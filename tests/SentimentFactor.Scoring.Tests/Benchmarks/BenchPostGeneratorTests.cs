using SentimentFactor.Scoring.Benchmarks;
using SentimentFactor.Scoring.Tokenization;

namespace SentimentFactor.Scoring.Tests.Benchmarks;

public sealed class BenchPostGeneratorTests
{
    [Fact]
    public void Generated_posts_follow_the_real_tweet_length_histogram()
    {
        var tokenizer = WordPieceTokenizer.Load(Path.Combine(TestModels.VocabularyDirectory(128), "vocab.txt"), lowerCase: true, 128);
        var histogram = BenchPostGenerator.TweetLengths;
        var histogramMean = histogram.Sum(h => (double)h.Tokens * h.Count) / histogram.Sum(h => h.Count);

        var lengths = BenchPostGenerator.Generate(4_000, tokenizer).Select(p => tokenizer.Encode(p).Length).ToArray();

        Assert.Equal(9_543, histogram.Sum(h => h.Count));
        Assert.InRange(histogramMean, 27.5, 27.7);
        Assert.InRange(lengths.Average(), histogramMean - 0.8, histogramMean + 0.8);
        var support = histogram.Select(h => h.Tokens).ToHashSet();
        Assert.All(lengths, length => Assert.Contains(length, support));
        Assert.Equal(BenchPostGenerator.Generate(50, tokenizer), BenchPostGenerator.Generate(50, tokenizer));
    }

    [Fact]
    public void Posts_are_capped_at_the_models_max_length()
    {
        var tokenizer = WordPieceTokenizer.Load(Path.Combine(TestModels.VocabularyDirectory(32), "vocab.txt"), lowerCase: true, 32);

        var lengths = BenchPostGenerator.Generate(2_000, tokenizer).Select(p => tokenizer.Encode(p).Length).ToArray();

        Assert.Equal(32, lengths.Max());
        Assert.Contains(lengths, l => l < 20);
    }
}
