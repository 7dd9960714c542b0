namespace SentimentFactor.Storage.Research;

/// <summary>One daily bar of a symbol of the cross-section.</summary>
/// <param name="Symbol">Symbol in sf.market_bars.</param>
/// <param name="Day">The bar's date.</param>
/// <param name="Close">Close.</param>
/// <param name="AdjClose">Adjusted close, or null.</param>
public sealed record PanelBarRow(string Symbol, DateOnly Day, double Close, double? AdjClose);
