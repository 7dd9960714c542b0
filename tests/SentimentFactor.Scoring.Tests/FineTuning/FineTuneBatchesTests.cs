using SentimentFactor.Scoring.FineTuning;

namespace SentimentFactor.Scoring.Tests.FineTuning;

public sealed class FineTuneBatchesTests
{
    private static readonly long[][] Tokens = Enumerable.Range(0, 300).Select(i => new long[5 + (i * 7 % 40)]).ToArray();

    private static readonly int[] Rows = Enumerable.Range(0, 300).Where(i => i % 5 != 0).ToArray();

    [Fact]
    public void An_epoch_covers_every_training_row_once_within_the_token_budget()
    {
        var batches = FineTuneBatches.ForEpoch(Tokens, Rows, maxTokens: 256, maxBatchSize: 16, seed: 1, epoch: 0);

        Assert.Equal(Rows, batches.SelectMany(b => b).Order());
        Assert.All(batches, b => Assert.True(b.Length == 1 || b.Length * b.Max(r => Tokens[r].Length) <= 256));
        Assert.All(batches, b => Assert.True(b.Length <= 16));
    }

    [Fact]
    public void The_plan_is_fixed_by_seed_and_epoch_and_changes_between_epochs()
    {
        var first = FineTuneBatches.ForEpoch(Tokens, Rows, 256, 16, seed: 1, epoch: 0);
        var again = FineTuneBatches.ForEpoch(Tokens, Rows, 256, 16, seed: 1, epoch: 0);
        var next = FineTuneBatches.ForEpoch(Tokens, Rows, 256, 16, seed: 1, epoch: 1);
        var otherSeed = FineTuneBatches.ForEpoch(Tokens, Rows, 256, 16, seed: 2, epoch: 0);

        Assert.Equal(first, again);
        Assert.NotEqual(first, next);
        Assert.NotEqual(first, otherSeed);
    }
}
