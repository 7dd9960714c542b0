namespace SentimentFactor.Aggregation;

/// <summary>What `sf aggregate` (or the nightly job) asks to recompute.</summary>
/// <param name="From">First day (inclusive); <c>null</c> = the trading day of the model's first scored post.</param>
/// <param name="To">Last day (inclusive); <c>null</c> = the trading day of the model's last scored post.</param>
/// <param name="ModelId">One model; <c>null</c> = every model with scores.</param>
public sealed record AggregationRequest(DateOnly? From = null, DateOnly? To = null, string? ModelId = null);
