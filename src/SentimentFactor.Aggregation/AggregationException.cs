using SentimentFactor.Core;
using SentimentFactor.Core.Calendar;

namespace SentimentFactor.Aggregation;

/// <summary>A user-facing failure of daily aggregation or the trading calendar check.</summary>
public sealed class AggregationException : SentimentFactorException
{
    private AggregationException(string message, Exception? innerException = null, bool nothingToAggregate = false)
        : base(message, innerException)
    {
        NothingToAggregate = nothingToAggregate;
    }

    /// <summary>True when there is simply no data yet (a scheduled run skips rather than fails: a retry cannot help).</summary>
    public bool NothingToAggregate { get; }

    /// <summary>The requested model has no rows in sf.post_scores.</summary>
    public static AggregationException NoScores(string modelId) => new(
        $"Model '{modelId}' has no scores in sf.post_scores. Run 'sf score' with that model first, or pick one with scores ('sf aggregate' without --model uses all of them).");

    /// <summary>No model has scores at all.</summary>
    public static AggregationException NothingScored() => new(
        "No model has scores in sf.post_scores: nothing to aggregate. Run 'sf score' first.", nothingToAggregate: true);

    /// <summary>A model's labels cannot be mapped to negative/neutral/positive.</summary>
    public static AggregationException UnsupportedLabels(string modelId, IEnumerable<string> labels) => new(
        $"Model '{modelId}' has labels [{string.Join(", ", labels)}]; aggregation counts only negative, neutral and positive (any case). Use a model whose id2label names those classes.");

    /// <summary>--from is after --to.</summary>
    public static AggregationException EmptyRange(DateOnly from, DateOnly to) => new(
        $"--from {from:yyyy-MM-dd} is after --to {to:yyyy-MM-dd}. Swap them.");

    /// <summary>A day outside the calendar's range.</summary>
    public static AggregationException OutsideCalendar(DateOnly day) => new(
        $"{day:yyyy-MM-dd} is outside the trading calendar ({NasdaqCalendar.FirstDay:yyyy-MM-dd} to {NasdaqCalendar.LastDay:yyyy-MM-dd}). Pick days within it.");

    /// <summary>A scored post whose trading day the calendar cannot give.</summary>
    public static AggregationException PostOutsideCalendar(string modelId, DateTimeOffset createdAt, Exception inner) => new(
        $"Model '{modelId}' scored a post created at {createdAt:yyyy-MM-dd HH:mm:ss}Z, outside the trading calendar ({NasdaqCalendar.FirstDay:yyyy-MM-dd} to {NasdaqCalendar.LastDay:yyyy-MM-dd}). Give --from/--to within it.",
        inner);

    /// <summary>`sf calendar check` found no bars for the benchmark.</summary>
    public static AggregationException NoBars(string symbol) => new(
        $"No bars for '{symbol}' in sf.market_bars to check the calendar against. Load market data first, or pass --symbol with one that has bars.");
}
