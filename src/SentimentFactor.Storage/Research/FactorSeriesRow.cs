namespace SentimentFactor.Storage.Research;

/// <summary>
/// One benchmark bar with the day's sentiment counts of one model and symbol, when there are any
/// (sf.market_bars LEFT JOIN sf.daily_sentiment on the trading day).
/// </summary>
/// <param name="Day">Trading day of the bar.</param>
/// <param name="Close">Closing level.</param>
/// <param name="AdjClose">Adjusted close (dividends, splits), when the source gives one.</param>
/// <param name="NPos">Positive posts of the day; null when the day has no sentiment row.</param>
/// <param name="NNeu">Neutral posts of the day.</param>
/// <param name="NNeg">Negative posts of the day.</param>
/// <param name="NTotal">All scored posts of the day.</param>
/// <param name="Bullishness">ln((1 + n_pos) / (1 + n_neg)) as aggregated.</param>
public sealed record FactorSeriesRow(
    DateOnly Day, double Close, double? AdjClose, int? NPos, int? NNeu, int? NNeg, int? NTotal, double? Bullishness);
