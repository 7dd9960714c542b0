using SentimentFactor.Research.Statistics;

namespace SentimentFactor.Research.Tests.Statistics;

public sealed class ContingencyTests
{
    [Fact]
    public void Fisher_exact_test_matches_the_lady_tasting_tea()
    {
        // [[3, 1], [1, 3]]: tables have probabilities 1, 16, 36, 16, 1 (/70); two-sided p = 34/70.
        Assert.Equal(34.0 / 70.0, FisherExactTest.TwoSided(3, 1, 1, 3), 1e-12);
        Assert.Equal(2.0 / 70.0, FisherExactTest.TwoSided(4, 0, 0, 4), 1e-12);
        Assert.Equal(1.0, FisherExactTest.TwoSided(2, 2, 2, 2), 1e-12);
    }

    [Fact]
    public void Seed_study_counts_become_conditional_probabilities_and_an_odds_ratio()
    {
        var result = SeedStudyResult.FromCounts(SeedRule.Net, positiveDays: 4, positiveUpDays: 3, otherDays: 4, otherUpDays: 1);
        Assert.Equal(0.75, result.UpGivenPositive!.Value, 1e-12);
        Assert.Equal(0.25, result.UpGivenOther!.Value, 1e-12);
        Assert.Equal(9.0, result.OddsRatio!.Value, 1e-12);
        Assert.Equal(34.0 / 70.0, result.FisherPValue, 1e-12);
    }

    [Fact]
    public void Seed_study_without_positive_days_has_no_probability_rather_than_nan()
    {
        var result = SeedStudyResult.FromCounts(SeedRule.Net, 0, 0, 10, 6);
        Assert.Null(result.UpGivenPositive);
        Assert.Null(result.OddsRatio);
        Assert.Equal(1.0, result.FisherPValue, 1e-12);
    }
}
