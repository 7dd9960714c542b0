using System.Globalization;
using SentimentFactor.Jobs.Chain;
using SentimentFactor.Storage.Aggregation;

namespace SentimentFactor.Jobs.Stages;

/// <summary>
/// Recomputes sf.daily_sentiment of every model from the last day this stage succeeded up to (inclusive, so late
/// posts of that day count) to the requested day or the last scored post: missed nights are caught up in one run.
/// </summary>
public sealed class AggregateStage(AggregationFactory factory) : INightlyStage
{
    /// <summary>The stage's name.</summary>
    public const string StageName = "aggregate";

    /// <inheritdoc />
    public string Name => StageName;

    /// <inheritdoc />
    public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var from = context.CatchUpFrom is { } last && (context.Day is null || last <= context.Day) ? last : (DateOnly?)null;
        var results = await factory.Aggregator(context.DataSource).RunAsync(new AggregationRequest(from, context.Day, null), cancellationToken);
        var outcome = new StageOutcome();
        outcome.Counts["from"] = Day(results.Select(r => r.From).Where(d => d is not null).Min());
        outcome.Counts["models"] = results.Count;
        outcome.Counts["trading_days"] = results.Sum(r => r.TradingDays);
        outcome.Counts["rows"] = results.Sum(r => r.Rows);
        if (results.Select(r => r.To).Where(d => d is not null).Max() is { } to)
        {
            // "to" is where the next night starts (JobRunStore.LastSucceededDayAsync).
            outcome.Counts["to"] = Day(to);
        }

        return outcome;
    }

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
