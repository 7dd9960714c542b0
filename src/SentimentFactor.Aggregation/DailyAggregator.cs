using Microsoft.Extensions.Logging;
using SentimentFactor.Core.Calendar;
using SentimentFactor.Core.Factors;
using SentimentFactor.Storage.Aggregation;

namespace SentimentFactor.Aggregation;

/// <summary>
/// Recomputes sf.daily_sentiment for a range of trading days: syncs the calendar table, then per model replaces
/// the rows of each batch of <see cref="AggregationOptions.DaysPerBatch"/> trading days in one transaction.
/// A rerun writes the same rows; posts that arrive late for an old day are counted by recomputing that day.
/// </summary>
public sealed class DailyAggregator
{
    private static readonly string[] KnownLabels = [SentimentFactors.Negative, SentimentFactors.Neutral, SentimentFactors.Positive];

    private readonly AggregationStore _store;
    private readonly NasdaqCalendar _calendar;
    private readonly int _daysPerBatch;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates the aggregator.</summary>
    public DailyAggregator(
        AggregationStore store, NasdaqCalendar calendar, int daysPerBatch, TimeProvider timeProvider, ILogger<DailyAggregator> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(daysPerBatch, 1);
        _store = store;
        _calendar = calendar;
        _daysPerBatch = daysPerBatch;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Recomputes what <paramref name="request"/> names. Cancelling rolls back the batch in flight; batches
    /// already committed stay (each is complete on its own).
    /// </summary>
    /// <exception cref="AggregationException">
    /// The model has no scores, no model has any, labels are not negative/neutral/positive, or days are outside the calendar.
    /// </exception>
    public async Task<IReadOnlyList<ModelAggregation>> RunAsync(AggregationRequest request, CancellationToken cancellationToken)
    {
        if (request.From is { } f && request.To is { } t && f > t)
        {
            throw AggregationException.EmptyRange(f, t);
        }

        foreach (var day in new[] { request.From, request.To })
        {
            if (day is { } d && !NasdaqCalendar.Covers(d))
            {
                throw AggregationException.OutsideCalendar(d);
            }
        }

        var models = await ModelsAsync(request.ModelId, cancellationToken);
        var calendarRows = await _store.SyncCalendarAsync(_calendar, cancellationToken);
        Log.CalendarSynced(_logger, calendarRows);

        var results = new List<ModelAggregation>();
        foreach (var modelId in models)
        {
            results.Add(await RunModelAsync(modelId, request, cancellationToken));
        }

        return results;
    }

    private async Task<IReadOnlyList<string>> ModelsAsync(string? modelId, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> models;
        if (modelId is not null)
        {
            if (!await _store.HasScoresAsync(modelId, cancellationToken))
            {
                throw AggregationException.NoScores(modelId);
            }

            models = [modelId];
        }
        else
        {
            models = await _store.ModelsWithScoresAsync(cancellationToken);
            if (models.Count == 0)
            {
                throw AggregationException.NothingScored();
            }
        }

        foreach (var model in models)
        {
            var labels = await _store.ModelLabelsAsync(model, cancellationToken) ?? [];
            if (labels.Length == 0 || labels.Any(l => !KnownLabels.Contains(l.ToLowerInvariant())))
            {
                throw AggregationException.UnsupportedLabels(model, labels);
            }
        }

        return models;
    }

    private async Task<ModelAggregation> RunModelAsync(string modelId, AggregationRequest request, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var (from, to) = await RangeAsync(modelId, request, cancellationToken);
        var days = from is { } a && to is { } b ? _calendar.TradingDays(a, b) : [];
        var computedAt = _timeProvider.GetUtcNow();
        long rows = 0;
        var batches = 0;
        foreach (var batch in days.Chunk(_daysPerBatch))
        {
            var batchStarted = _timeProvider.GetTimestamp();
            var windowStart = _calendar.PostWindow(batch[0]).Start;
            var windowEnd = _calendar.PostWindow(batch[^1]).End;
            var written = await _store.RecomputeDaysAsync(
                modelId, batch[0], batch[^1], windowStart, windowEnd, computedAt, cancellationToken);
            rows += written;
            batches++;
            var batchMs = (long)_timeProvider.GetElapsedTime(batchStarted).TotalMilliseconds;
            Log.BatchDone(_logger, modelId, batch[0], batch[^1], batch.Length, written, batchMs);
        }

        var elapsed = _timeProvider.GetElapsedTime(started);
        var result = new ModelAggregation(
            modelId, days.Count > 0 ? days[0] : null, days.Count > 0 ? days[^1] : null, days.Count, batches, rows, elapsed);
        Log.ModelDone(_logger, modelId, days.Count, result.From, result.To, rows, batches, (long)elapsed.TotalMilliseconds);
        return result;
    }

    private async Task<(DateOnly? From, DateOnly? To)> RangeAsync(
        string modelId, AggregationRequest request, CancellationToken cancellationToken)
    {
        if (request.From is { } from && request.To is { } to)
        {
            return (from, to);
        }

        // Default: the days the model's scored posts belong to (docs/architecture.md: the 16:00 cut-off).
        var span = await _store.ScoredSpanAsync(modelId, cancellationToken) ?? throw AggregationException.NoScores(modelId);
        return (request.From ?? Assign(modelId, span.First), request.To ?? Assign(modelId, span.Last));
    }

    private DateOnly Assign(string modelId, DateTimeOffset createdAt)
    {
        try
        {
            return _calendar.TradingDayFor(createdAt);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw AggregationException.PostOutsideCalendar(modelId, createdAt, e);
        }
    }
}
