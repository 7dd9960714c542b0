namespace SentimentFactor.Core.Synthetic;

/// <summary>
/// The parameters of a synthetic market. Every number the generator draws comes from <see cref="Seed"/>, and the
/// days end at a fixed <see cref="LastDay"/> (not "today"), so the same spec always gives the same world.
/// </summary>
/// <param name="TradingDays">How many trading days (NASDAQ calendar) the world spans, ending at <see cref="LastDay"/>.</param>
/// <param name="PostsPerDay">Posts belonging to each trading day (timestamped across its window, weekends included).</param>
/// <param name="Seed">Seed of every random draw.</param>
/// <param name="LastDay">The last trading day (or the last trading day before it, when it is not one).</param>
/// <param name="MoodPersistence">AR(1) coefficient of the daily mood (stationary variance 1).</param>
/// <param name="MoodTilt">How strongly the mood tilts posts: logit(positive) = base + tilt·mood, logit(negative) = −tilt·mood.</param>
/// <param name="ReturnOnMood">The planted effect: next-day log return = drift + coefficient·mood(t) + noise.</param>
/// <param name="Drift">Daily log-return drift.</param>
/// <param name="ReturnNoise">Standard deviation of the return noise.</param>
/// <param name="MalformedLines">Broken lines mixed into the posts file, to show where bad input goes.</param>
public sealed record SyntheticMarketSpec(
    int TradingDays = 250,
    int PostsPerDay = 40,
    int Seed = 20240601,
    DateOnly? LastDay = null,
    double MoodPersistence = 0.3,
    double MoodTilt = 1.2,
    double ReturnOnMood = 0.004,
    double Drift = 0.0003,
    double ReturnNoise = 0.01,
    int MalformedLines = 3)
{
    /// <summary>The default last day: fixed, so a rerun next year gives the same world.</summary>
    public static readonly DateOnly DefaultLastDay = new(2025, 6, 30);

    /// <summary>Bounds of <see cref="TradingDays"/> and <see cref="PostsPerDay"/> (also checked for Demo:* settings).</summary>
    public const int MinTradingDays = 30, MaxTradingDays = 5000, MinPostsPerDay = 1, MaxPostsPerDay = 100_000;

    /// <summary>The level the index starts from.</summary>
    public const double StartLevel = 15000;

    /// <summary>The last day actually used.</summary>
    public DateOnly EffectiveLastDay => LastDay ?? DefaultLastDay;

    /// <summary>Problems with the spec, each naming the parameter; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (TradingDays is < MinTradingDays or > MaxTradingDays)
        {
            problems.Add($"days must be between {MinTradingDays} and {MaxTradingDays} (got {TradingDays})");
        }

        if (PostsPerDay is < MinPostsPerDay or > MaxPostsPerDay)
        {
            problems.Add($"posts-per-day must be between {MinPostsPerDay} and {MaxPostsPerDay} (got {PostsPerDay})");
        }

        if (MoodPersistence is <= -1 or >= 1)
        {
            problems.Add($"mood persistence must be inside (-1, 1) (got {MoodPersistence})");
        }

        if (ReturnNoise <= 0)
        {
            problems.Add($"return noise must be positive (got {ReturnNoise})");
        }

        if (MalformedLines < 0)
        {
            problems.Add($"malformed lines must not be negative (got {MalformedLines})");
        }

        return problems;
    }
}
