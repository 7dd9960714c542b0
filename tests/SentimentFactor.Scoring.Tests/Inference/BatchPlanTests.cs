using SentimentFactor.Scoring.Inference;

namespace SentimentFactor.Scoring.Tests.Inference;

public sealed class BatchPlanTests
{
    [Theory]
    [InlineData(300)]
    [InlineData(5_000)]
    public void Token_budget_plan_covers_every_text_once_within_budget_and_wastes_little_padding(int count)
    {
        var random = new Random(3);
        var lengths = Enumerable.Range(0, count).Select(_ => random.NextDouble() < 0.8 ? random.Next(10, 41) : random.Next(41, 257)).ToArray();

        var plan = BatchPlan.Create(BatchingMode.TokenBudget, lengths, 256, 8_192, 256);

        Assert.Equal(Enumerable.Range(0, count), plan.SelectMany(b => b.Texts).Order());
        Assert.All(plan, b => Assert.True(b.Texts.Length * b.Length <= 8_192 && b.Texts.Length <= 256));
        Assert.All(plan, b => Assert.Equal(b.Texts.Max(t => lengths[t]), b.Length));
        var computed = plan.Sum(b => (long)b.Texts.Length * b.Length);
        var waste = 1.0 - (double)lengths.Sum() / computed;
        Assert.True(waste < 0.10, $"padding waste {waste:P1}");
    }

    [Fact]
    public void Equal_length_plan_has_no_padding_and_fixed_plans_pad_each_batch_to_its_longest()
    {
        var lengths = Enumerable.Range(0, 70).Select(i => i % 23 == 0 ? 200 : 12 + (i % 3)).ToArray();

        var equal = BatchPlan.Create(BatchingMode.EqualLength, lengths, 256, 8_192, 256);
        var arrival = BatchPlan.Create(BatchingMode.FixedArrival, lengths, 256, 8_192, 256);
        var sorted = BatchPlan.Create(BatchingMode.FixedSorted, lengths, 256, 8_192, 256);

        Assert.All(equal, b => Assert.All(b.Texts, t => Assert.Equal(b.Length, lengths[t])));
        Assert.Equal(4, equal.Count);
        // Arrival order: batches of 32, 32, 6 in input order, each padded to its own longest (a 200 in each: posts 0, 23, 46, 69).
        Assert.Equal([32, 32, 6], arrival.Select(b => b.Texts.Length));
        Assert.Equal(Enumerable.Range(0, 70), arrival.SelectMany(b => b.Texts));
        Assert.Equal([200, 200, 200], arrival.Select(b => b.Length));
        // Sorted: the short posts fill the first batches, padded only to 13 and 14; the four 200s come last.
        Assert.Equal([32, 32, 6], sorted.Select(b => b.Texts.Length));
        Assert.Equal(Enumerable.Range(0, 70), sorted.SelectMany(b => b.Texts).Order());
        Assert.Equal([13, 14, 200], sorted.Select(b => b.Length));
    }
}
