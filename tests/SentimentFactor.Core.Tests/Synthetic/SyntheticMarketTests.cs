using SentimentFactor.Core.Calendar;
using SentimentFactor.Core.Synthetic;

namespace SentimentFactor.Core.Tests.Synthetic;

public sealed class SyntheticMarketTests
{
    private static readonly SyntheticMarketSpec Small = new(TradingDays: 120, PostsPerDay: 30, Seed: 7);

    [Fact]
    public void Same_spec_gives_the_same_world()
    {
        var a = SyntheticMarket.Generate(Small);
        var b = SyntheticMarket.Generate(Small);

        Assert.Equal(a.Days, b.Days);
        Assert.Equal(a.Posts, b.Posts);
        Assert.NotEqual(a.Posts.Select(p => p.Text), SyntheticMarket.Generate(Small with { Seed = 8 }).Posts.Select(p => p.Text));
    }

    [Fact]
    public void Days_are_consecutive_trading_days_ending_at_the_last_day()
    {
        var world = SyntheticMarket.Generate(Small with { LastDay = new DateOnly(2025, 1, 1) });
        var calendar = NasdaqCalendar.Instance;

        Assert.Equal(120, world.Days.Count);
        Assert.Equal(new DateOnly(2024, 12, 31), world.Days[^1].Day); // New Year's Day is a holiday
        Assert.All(world.Days, d => Assert.True(calendar.IsTradingDay(d.Day)));
        for (var i = 1; i < world.Days.Count; i++)
        {
            Assert.Equal(world.Days[i].Day, calendar.NextTradingDay(world.Days[i - 1].Day));
        }
    }

    [Fact]
    public void Every_post_belongs_to_its_day_by_the_close_rule_and_some_are_written_when_the_market_is_shut()
    {
        var world = SyntheticMarket.Generate(Small);
        var calendar = NasdaqCalendar.Instance;
        var counts = world.Posts.GroupBy(p => calendar.TradingDayFor(p.CreatedAt)).ToDictionary(g => g.Key, g => g.Count());

        Assert.All(world.Days, d => Assert.Equal(d.Positive + d.Neutral + d.Negative, counts[d.Day]));
        Assert.Equal(world.Days.Count * 30, world.Posts.Count);
        Assert.Contains(world.Posts, p => !calendar.IsTradingDay(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(p.CreatedAt, calendar.TimeZone).DateTime)));
        Assert.Contains(world.Posts, p => p.Text.Contains('$', StringComparison.Ordinal));
    }

    [Fact]
    public void Mood_tilts_the_mix_and_drives_the_next_days_return_by_the_planted_coefficient()
    {
        var world = SyntheticMarket.Generate(new SyntheticMarketSpec(TradingDays: 2000, PostsPerDay: 5, Seed: 3, LastDay: new DateOnly(2024, 12, 31)));
        var mood = world.Days.Take(world.Days.Count - 1).Select(d => d.Mood).ToArray();
        var next = world.Days.Skip(1).Select(d => d.LogReturn).ToArray();

        // Least squares slope of r(t+1) on mood(t): the planted 0.004 within sampling error (SE about 0.01/sqrt(2000)).
        var meanX = mood.Average();
        var meanY = next.Average();
        var slope = mood.Zip(next).Sum(p => (p.First - meanX) * (p.Second - meanY)) / mood.Sum(x => (x - meanX) * (x - meanX));
        Assert.InRange(slope, 0.004 - 0.001, 0.004 + 0.001);

        var happy = world.Days.Where(d => d.Mood > 1).ToList();
        var sad = world.Days.Where(d => d.Mood < -1).ToList();
        Assert.True(happy.Average(d => d.SharePositive) > 0.6);
        Assert.True(sad.Average(d => d.ShareNegative) > 0.6);
    }

    [Fact]
    public void Shares_are_probabilities()
    {
        foreach (var mood in new[] { -4.0, -1, 0, 0.5, 3 })
        {
            var (pos, neu, neg) = SyntheticMarket.Shares(mood, 1.2);
            Assert.Equal(1.0, pos + neu + neg, 12);
            Assert.All(new[] { pos, neu, neg }, s => Assert.InRange(s, 0, 1));
        }
    }

    [Fact]
    public void Bad_spec_is_refused_naming_the_parameter()
    {
        var error = Assert.Throws<ArgumentException>(() => SyntheticMarket.Generate(Small with { TradingDays = 3, PostsPerDay = 0 }));

        Assert.Contains("days", error.Message, StringComparison.Ordinal);
        Assert.Contains("posts-per-day", error.Message, StringComparison.Ordinal);
    }
}
