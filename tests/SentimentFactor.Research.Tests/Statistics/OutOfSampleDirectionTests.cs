using SentimentFactor.Research.Statistics;

namespace SentimentFactor.Research.Tests.Statistics;

public sealed class OutOfSampleDirectionTests
{
    [Fact]
    public void Informative_feature_beats_the_always_up_baseline()
    {
        var random = new Random(9);
        var rows = new List<DirectionObservation>();
        for (var t = 0; t < 200; t++)
        {
            var f = Synthetic.StandardNormal(random);
            var up = random.NextDouble() < 1.0 / (1.0 + Math.Exp(-2.0 * f));
            rows.Add(new DirectionObservation(t, t + 1, new DateOnly(2024, 1, 1).AddDays(t + 1), [f], up));
        }

        var result = OutOfSampleDirection.Run(rows, ["f"], 50);
        Assert.Equal(150, result.Predictions);
        Assert.True(result.HitRate > result.BaselineRate + 0.1, $"hit {result.HitRate:F3} vs baseline {result.BaselineRate:F3}");
        Assert.True(result.BinomialPValue < 1e-3, $"p = {result.BinomialPValue:E2}");
        Assert.Equal(result.Hits, result.Points.Count(p => p.PredictedUp == p.ActualUp));
    }

    [Fact]
    public void Training_window_never_contains_the_outcome_of_the_day_predicted_or_later()
    {
        // Outcome two days after the information day: the row two places back is not yet known.
        var random = new Random(1);
        var rows = Enumerable.Range(0, 40)
            .Select(t => new DirectionObservation(t, t + 2, new DateOnly(2024, 1, 1).AddDays(t + 2), [Synthetic.StandardNormal(random)], random.NextDouble() < 0.5))
            .ToList();
        var result = OutOfSampleDirection.Run(rows, ["f"], 10);
        // Row j may train on rows i with i + 2 <= j: j - 1 rows for j >= 1, so the first prediction is at j = 11.
        Assert.Equal(40 - 11, result.Predictions);
        Assert.All(result.Points, p => Assert.Equal(p.Day.DayNumber - new DateOnly(2024, 1, 1).DayNumber - 2 - 1, p.TrainingRows));
    }
}
