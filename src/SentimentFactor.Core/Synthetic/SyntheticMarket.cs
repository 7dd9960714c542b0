using SentimentFactor.Core.Calendar;

namespace SentimentFactor.Core.Synthetic;

/// <summary>
/// A reproducible synthetic market on the real NASDAQ calendar. A latent daily mood m(t), AR(1) with variance 1,
/// drives (a) the mix of the posts that belong to trading day t (those written after the previous close and before
/// t's close) and (b) the index's return on the next trading day:
/// r(t+1) = drift + <see cref="SyntheticMarketSpec.ReturnOnMood"/>·m(t) + noise. Posts of day t never see r(t+1),
/// and r(t+1) never sees posts after t's close, so the planted effect is predictive, not look-ahead.
/// </summary>
public static class SyntheticMarket
{
    /// <summary>Builds the world <paramref name="spec"/> describes.</summary>
    /// <exception cref="ArgumentException">The spec has problems (<see cref="SyntheticMarketSpec.Problems"/>).</exception>
    public static SyntheticWorld Generate(SyntheticMarketSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = spec.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid synthetic market: " + string.Join("; ", problems), nameof(spec));
        }

        var calendar = NasdaqCalendar.Instance;
        var days = TradingDaysEndingAt(calendar, spec.EffectiveLastDay, spec.TradingDays);
        var random = new Random(spec.Seed);
        var writer = new PostWriter(random);

        var rows = new List<SyntheticDay>(days.Count);
        var posts = new List<SyntheticPost>(days.Count * spec.PostsPerDay);
        var innovation = Math.Sqrt(1 - (spec.MoodPersistence * spec.MoodPersistence));
        var mood = Normal(random);
        var previousMood = double.NaN;
        var level = SyntheticMarketSpec.StartLevel;
        for (var i = 0; i < days.Count; i++)
        {
            if (i > 0)
            {
                mood = (spec.MoodPersistence * mood) + (innovation * Normal(random));
            }

            // Today's return was set by yesterday's mood; the first day has no yesterday.
            var logReturn = i == 0 ? 0 : spec.Drift + (spec.ReturnOnMood * previousMood) + (spec.ReturnNoise * Normal(random));
            var open = level;
            level *= Math.Exp(logReturn);
            // Day t's posts are written between the previous close and t's close: the evening before, the night,
            // the weekend or holiday before a Monday, and the session itself.
            var (window, close) = calendar.PostWindow(days[i]);
            var shares = Shares(mood, spec.MoodTilt);
            int pos = 0, neu = 0, neg = 0;
            for (var p = 0; p < spec.PostsPerDay; p++)
            {
                var label = Draw(random, shares);
                _ = label switch { SyntheticLabel.Positive => pos++, SyntheticLabel.Neutral => neu++, _ => neg++ };
                var at = window + TimeSpan.FromSeconds(Math.Floor(random.NextDouble() * (close - window).TotalSeconds));
                posts.Add(writer.Write($"d{days[i]:yyyyMMdd}-{p:D5}", at, label));
            }

            var wiggle = spec.ReturnNoise * level * 0.5;
            rows.Add(new SyntheticDay(
                days[i], mood, shares.Positive, shares.Negative, pos, neu, neg, logReturn, open,
                Math.Max(open, level) + (wiggle * random.NextDouble()), Math.Min(open, level) - (wiggle * random.NextDouble()), level,
                1_000_000_000L + random.NextInt64(500_000_000L)));
            previousMood = mood;
        }

        posts.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        return new SyntheticWorld(spec, rows, posts);
    }

    /// <summary>The share of positive, neutral and negative posts on a day with this mood.</summary>
    public static (double Positive, double Neutral, double Negative) Shares(double mood, double tilt)
    {
        // A slightly positive base: social finance talk leans bullish, and a calm day is mostly neutral.
        var pos = Math.Exp(0.3 + (tilt * mood));
        var neu = Math.Exp(0.3);
        var neg = Math.Exp(-tilt * mood);
        var sum = pos + neu + neg;
        return (pos / sum, neu / sum, neg / sum);
    }

    private static List<DateOnly> TradingDaysEndingAt(NasdaqCalendar calendar, DateOnly last, int count)
    {
        var day = calendar.IsTradingDay(last) ? last : calendar.PreviousTradingDay(last)
            ?? throw new ArgumentException($"No trading day on or before {last:yyyy-MM-dd}.", nameof(last));
        var days = new List<DateOnly>(count) { day };
        while (days.Count < count)
        {
            day = calendar.PreviousTradingDay(day)
                ?? throw new ArgumentException($"The calendar starts too late for {count} trading days up to {last:yyyy-MM-dd}.", nameof(count));
            days.Add(day);
        }

        days.Reverse();
        return days;
    }

    private static SyntheticLabel Draw(Random random, (double Positive, double Neutral, double Negative) shares)
    {
        var u = random.NextDouble();
        return u < shares.Positive ? SyntheticLabel.Positive
            : u < shares.Positive + shares.Neutral ? SyntheticLabel.Neutral
            : SyntheticLabel.Negative;
    }

    /// <summary>A standard normal draw (Box–Muller), from <paramref name="random"/> only.</summary>
    internal static double Normal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
