using System.Globalization;
using SentimentFactor.Jobs.Chain;
using SentimentFactor.Storage.Aggregation;
using SentimentFactor.Storage.Jobs;

namespace SentimentFactor.Jobs.Stages;

/// <summary>
/// Recomputes sf.daily_sentiment of every model from where data is missing to the requested day or the last scored
/// post: from the last day this stage succeeded up to (inclusive), or earlier when posts stored since the last successful
/// scoring (a late file, a backfill) belong to older days. Missed nights and late files are caught up in one run.
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
        var from = await CatchUpFromAsync(context, cancellationToken);
        if (from is { } f && context.Day is { } day && f > day)
        {
            from = null;
        }

        IReadOnlyList<ModelAggregation> results;
        try
        {
            results = await factory.Aggregator(context.DataSource).RunAsync(new AggregationRequest(from, context.Day, null), cancellationToken);
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

    private static async Task<DateOnly?> CatchUpFromAsync(StageContext context, CancellationToken cancellationToken)
    {
        if (context.LastAggregatedDay is not { } from)
        {
            return null;
        }

        if (context.LastScoredAt is { } scoredFrom
            && await new JobRunStore(context.DataSource).EarliestPostIngestedSinceAsync(scoredFrom, cancellationToken) is { } oldestNew)
        {
            // A post's trading day is never before its New York date, which is never before its UTC date minus one.
            var day = DateOnly.FromDateTime(oldestNew.UtcDateTime).AddDays(-1);
            if (day < from)
            {
                from = day;
            }
        }

        return from;
    }

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
