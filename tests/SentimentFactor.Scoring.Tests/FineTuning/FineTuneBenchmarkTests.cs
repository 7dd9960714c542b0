using Microsoft.Extensions.Logging.Abstractions;
using SentimentFactor.Scoring.FineTuning;

namespace SentimentFactor.Scoring.Tests.FineTuning;

public sealed class FineTuneBenchmarkTests
{
    [Fact]
    public void The_result_is_the_median_of_the_rounds_and_the_ratio_the_median_of_their_ratios()
    {
        var odd = new FineTuneBenchmarkResult(8, 8_000, [new(1, 300, 1_000), new(2, 100, 800), new(3, 240, 1_200)]);
        Assert.Equal(240, odd.TrainTokensPerSecond);
        Assert.Equal(1_000, odd.ForwardTokensPerSecond);
        Assert.Equal(0.2, odd.Ratio, 12);   // rounds: 0.3, 0.125, 0.2 (not 240 / 1,000)

        var even = new FineTuneBenchmarkResult(8, 8_000, [new(1, 300, 1_000), new(2, 100, 800), new(3, 240, 1_200), new(4, 200, 1_000)]);
        Assert.Equal(220, even.TrainTokensPerSecond);
        Assert.Equal(1_000, even.ForwardTokensPerSecond);
        Assert.Equal((0.2 + 0.2) / 2, even.Ratio, 12);
    }

    [Fact]
    public async Task A_small_bench_reports_every_timed_round_in_order_with_both_throughputs()
    {
        var data = Path.Combine(AppContext.BaseDirectory, "labeled", "train.jsonl");
        var reported = new List<FineTuneBenchmarkRound>();

        var result = await FineTuneBenchmark.RunAsync(data, batches: 2, maxTokens: 128, rounds: 3, NullLogger.Instance,
            new Collect(reported), CancellationToken.None);

        Assert.Equal([1, 2, 3], reported.Select(r => r.Number));
        Assert.Equal(reported, result.Rounds);
        Assert.Equal(2, result.Batches);
        Assert.InRange(result.Tokens, 2, 2 * 128);
        Assert.All(result.Rounds, r =>
        {
            Assert.True(r.TrainTokensPerSecond > 0 && double.IsFinite(r.TrainTokensPerSecond));
            Assert.True(r.ForwardTokensPerSecond > 0 && double.IsFinite(r.ForwardTokensPerSecond));
        });
        Assert.InRange(result.Ratio, result.Rounds.Min(r => r.Ratio), result.Rounds.Max(r => r.Ratio));
    }

    private sealed class Collect(List<FineTuneBenchmarkRound> rounds) : IProgress<FineTuneBenchmarkRound>
    {
        public void Report(FineTuneBenchmarkRound value) => rounds.Add(value);
    }
}
