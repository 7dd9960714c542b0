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
    public void Equal_length_plan_has_no_padding_and_fixed_plan_pads_to_max_length()
    {
        int[] lengths = [12, 30, 12, 200, 30, 12];

        var equal = BatchPlan.Create(BatchingMode.EqualLength, lengths, 256, 8_192, 256);
        var fixedPadded = BatchPlan.Create(BatchingMode.FixedPadded, lengths, 256, 8_192, 256);

        Assert.All(equal, b => Assert.All(b.Texts, t => Assert.Equal(b.Length, lengths[t])));
        Assert.Equal(3, equal.Count);
        Assert.Single(fixedPadded);
        Assert.Equal(256, fixedPadded[0].Length);
    }
}
