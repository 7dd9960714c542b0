using SentimentFactor.Core.Calendar;

namespace SentimentFactor.Core.Synthetic;

/// <summary>What <see cref="SyntheticPanel.Generate"/> made.</summary>
/// <param name="Spec">The spec.</param>
/// <param name="Symbols">The symbols, in order.</param>
/// <param name="Days">Every symbol's truth per trading day.</param>
/// <param name="Posts">Every post, in time order.</param>
public sealed record SyntheticPanelWorld(SyntheticPanelSpec Spec, IReadOnlyList<string> Symbols, IReadOnlyList<SyntheticSymbolDay> Days, IReadOnlyList<SyntheticPost> Posts);

/// <summary>One symbol on one trading day: its mood, the return it drove the next day, and its bar.</summary>
/// <param name="Symbol">Ticker.</param>
/// <param name="Day">Trading day.</param>
/// <param name="Mood">The symbol's latent mood of the day.</param>
/// <param name="LogReturn">Close-to-close log return of the day (set by the previous day's mood).</param>
/// <param name="Close">Close of the day.</param>
public sealed record SyntheticSymbolDay(string Symbol, DateOnly Day, double Mood, double LogReturn, double Close);

/// <summary>
/// Generates a <see cref="SyntheticPanelWorld"/>: per symbol s an AR(1) mood m(s, t) with variance 1 tilts the posts
/// that belong to trading day t (written between the previous close and t's close, each naming only $s), and
/// r(s, t+1) = market(t+1) + ReturnOnMood·m(s, t) + noise. Posts never see later returns: the effect is predictive.
/// </summary>
public static class SyntheticPanel
{
    /// <summary>Builds the world <paramref name="spec"/> describes.</summary>
    /// <exception cref="ArgumentException">The spec has problems.</exception>
    public static SyntheticPanelWorld Generate(SyntheticPanelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = spec.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid synthetic panel: " + string.Join("; ", problems), nameof(spec));
        }

        var calendar = NasdaqCalendar.Instance;
        var last = spec.LastDay ?? SyntheticMarketSpec.DefaultLastDay;
        var end = calendar.IsTradingDay(last) ? last : calendar.PreviousTradingDay(last)!.Value;
        var days = new List<DateOnly> { end };
        while (days.Count < spec.TradingDays)
        {
            days.Add(calendar.PreviousTradingDay(days[^1]) ?? throw new ArgumentException("The calendar starts too late.", nameof(spec)));
        }

        days.Reverse();
        var random = new Random(spec.Seed);
        var writer = new PostWriter(random);
        var symbols = PostWriter.KnownTickers.Take(spec.Symbols).ToList();
        var innovation = Math.Sqrt(1 - (spec.MoodPersistence * spec.MoodPersistence));
        var moods = symbols.Select(_ => SyntheticMarket.Normal(random)).ToArray();
        var previous = new double[symbols.Count];
        var levels = symbols.Select(_ => 50.0 + (450.0 * random.NextDouble())).ToArray();
        var rows = new List<SyntheticSymbolDay>(days.Count * symbols.Count);
        var posts = new List<SyntheticPost>(days.Count * symbols.Count * spec.PostsPerSymbolDay);
        for (var i = 0; i < days.Count; i++)
        {
            var market = spec.MarketNoise * SyntheticMarket.Normal(random);
            var (window, close) = calendar.PostWindow(days[i]);
            for (var s = 0; s < symbols.Count; s++)
            {
                if (i > 0)
                {
                    moods[s] = (spec.MoodPersistence * moods[s]) + (innovation * SyntheticMarket.Normal(random));
                }

                var logReturn = i == 0 ? 0 : market + (spec.ReturnOnMood * previous[s]) + (spec.ReturnNoise * SyntheticMarket.Normal(random));
                levels[s] *= Math.Exp(logReturn);
                rows.Add(new SyntheticSymbolDay(symbols[s], days[i], moods[s], logReturn, levels[s]));
                var shares = SyntheticMarket.Shares(moods[s], spec.MoodTilt);
                for (var p = 0; p < spec.PostsPerSymbolDay; p++)
                {
                    var u = random.NextDouble();
                    var label = u < shares.Positive ? SyntheticLabel.Positive
                        : u < shares.Positive + shares.Neutral ? SyntheticLabel.Neutral
                        : SyntheticLabel.Negative;
                    var at = window + TimeSpan.FromSeconds(Math.Floor(random.NextDouble() * (close - window).TotalSeconds));
                    posts.Add(writer.WriteAbout($"p{days[i]:yyyyMMdd}-{symbols[s]}-{p:D4}", at, label, s));
                }

                previous[s] = moods[s];
            }
        }

        posts.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        return new SyntheticPanelWorld(spec, symbols, rows, posts);
    }
}
