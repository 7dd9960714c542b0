using System.Globalization;
using SentimentFactor.Aggregation;
using SentimentFactor.Jobs.Chain;

namespace SentimentFactor.Jobs.Stages;

/// <summary>
/// The nightly aggregate step: <see cref="AggregationService.CatchUpAsync"/> from where data may be missing up to the
/// requested day, recorded as the run's counts. Nothing scored yet is a skip, not a failure.
/// </summary>
public sealed class AggregateStage(AggregationService aggregation) : INightlyStage
{
    /// <summary>The stage's name.</summary>
    public const string StageName = "aggregate";

    /// <inheritdoc />
    public string Name => StageName;

    /// <inheritdoc />
    public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        IReadOnlyList<ModelAggregation> results;
        try
        {
            results = await aggregation.CatchUpAsync(
                context.DataSource, context.Day, context.LastAggregatedDay, context.LastScoredAt, cancellationToken);
        }
        catch (AggregationException ex) when (ex.NothingToAggregate)
        {
            return StageOutcome.Skip(ex.Message);
        }

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
