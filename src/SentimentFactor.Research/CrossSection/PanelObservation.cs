namespace SentimentFactor.Research.CrossSection;

/// <summary>One symbol-day of the panel: the symbol's factor of day t and its own log return of day t + h.</summary>
/// <param name="Symbol">The ticker (a cashtag of the posts, a symbol of sf.market_bars).</param>
/// <param name="Day">Factor day t.</param>
/// <param name="Factor">The factor of day t (posts before the close of t).</param>
/// <param name="Return">The symbol's log return of trading day t + h (docs/research.md, "A day's return").</param>
public sealed record PanelObservation(string Symbol, DateOnly Day, double Factor, double Return);
