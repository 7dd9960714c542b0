namespace SentimentFactor.Core.Synthetic;

/// <summary>
/// A synthetic multi-symbol world: each symbol has its own latent mood, its own posts (naming only it) and its own
/// bars, and its next-day return loads on its own mood: the planted cross-sectional effect.
/// </summary>
/// <param name="Symbols">How many symbols (the first of the generator's tickers: AAPL, MSFT, NVDA, ...).</param>
/// <param name="TradingDays">Trading days, ending at <paramref name="LastDay"/>.</param>
/// <param name="PostsPerSymbolDay">Posts of each symbol on each trading day.</param>
/// <param name="Seed">Seed of every random draw.</param>
/// <param name="LastDay">The last trading day (or the last before it).</param>
/// <param name="ReturnOnMood">The planted effect: r(s, t+1) = market(t+1) + coefficient·mood(s, t) + noise.</param>
/// <param name="MoodPersistence">AR(1) coefficient of each symbol's mood.</param>
/// <param name="MoodTilt">How strongly a symbol's mood tilts its posts (as in <see cref="SyntheticMarketSpec"/>).</param>
/// <param name="MarketNoise">Standard deviation of the common daily market return.</param>
/// <param name="ReturnNoise">Standard deviation of each symbol's own return noise.</param>
public sealed record SyntheticPanelSpec(
    int Symbols = 8,
    int TradingDays = 120,
    int PostsPerSymbolDay = 5,
    int Seed = 20240602,
    DateOnly? LastDay = null,
    double ReturnOnMood = 0.006,
    double MoodPersistence = 0.3,
    double MoodTilt = 1.2,
    double MarketNoise = 0.01,
    double ReturnNoise = 0.015)
{
    /// <summary>Problems with the spec, each naming the parameter; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Symbols < 3 || Symbols > PostWriter.KnownTickers.Count)
        {
            problems.Add($"Symbols must be between 3 and {PostWriter.KnownTickers.Count}, was {Symbols}");
        }

        if (TradingDays is < SyntheticMarketSpec.MinTradingDays or > SyntheticMarketSpec.MaxTradingDays)
        {
            problems.Add($"TradingDays must be between {SyntheticMarketSpec.MinTradingDays} and {SyntheticMarketSpec.MaxTradingDays}, was {TradingDays}");
        }

        if (PostsPerSymbolDay is < 1 or > 10_000)
        {
            problems.Add($"PostsPerSymbolDay must be between 1 and 10000, was {PostsPerSymbolDay}");
        }

        return problems;
    }
}
