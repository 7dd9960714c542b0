namespace SentimentFactor.Aggregation;

/// <summary>What one model's recompute did.</summary>
/// <param name="ModelId">The model.</param>
/// <param name="From">First trading day recomputed; <c>null</c> when the range held none.</param>
/// <param name="To">Last trading day recomputed; <c>null</c> when the range held none.</param>
/// <param name="TradingDays">Trading days recomputed.</param>
/// <param name="Batches">Transactions used.</param>
/// <param name="Rows">sf.daily_sentiment rows written ('*' and per symbol).</param>
/// <param name="Elapsed">Wall time of this model's batches.</param>
public sealed record ModelAggregation(
    string ModelId, DateOnly? From, DateOnly? To, int TradingDays, int Batches, long Rows, TimeSpan Elapsed);
