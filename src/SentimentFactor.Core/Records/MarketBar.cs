namespace SentimentFactor.Core.Records;

/// <summary>One daily bar for sf.market_bars (key: <see cref="Symbol"/>, <see cref="Day"/>).</summary>
public sealed record MarketBar(
    string Symbol,
    DateOnly Day,
    double? Open,
    double? High,
    double? Low,
    double Close,
    double? AdjClose,
    long? Volume,
    string? Source);
