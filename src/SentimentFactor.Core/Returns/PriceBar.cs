namespace SentimentFactor.Core.Returns;

/// <summary>One daily bar of a symbol, as sf.market_bars holds it.</summary>
/// <param name="Day">The session's date (New York).</param>
/// <param name="Close">Close price.</param>
/// <param name="AdjClose">Split- and dividend-adjusted close; null when the source gave none.</param>
public readonly record struct PriceBar(DateOnly Day, double Close, double? AdjClose);
