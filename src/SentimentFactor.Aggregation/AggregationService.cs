using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SentimentFactor.Core.Calendar;
using SentimentFactor.Storage;
using SentimentFactor.Storage.Aggregation;
using SentimentFactor.Storage.Jobs;

namespace SentimentFactor.Aggregation;

/// <summary>
/// The aggregation stage's one entry point for the CLI, the nightly job and the demo: recomputes
/// sf.daily_sentiment (<see cref="DailyAggregator"/>), catches up after missed nights, reads the benchmark's bar
/// days for the calendar check, and lists and runs the SQL factor library. Singleton in DI; like every stage
/// service it is given the data source per call (SfDatabase.OpenAsync opens it) and builds its stores over it
/// (docs/architecture.md, "Stores and the data source").
/// </summary>
public sealed class AggregationService
{
    private readonly AggregationOptions _options;
    private readonly string _benchmark;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DailyAggregator> _aggregatorLogger;

    /// <summary>Creates the service.</summary>
    public AggregationService(
        IOptions<AggregationOptions> options, IOptions<MarketOptions> market, TimeProvider timeProvider, ILogger<DailyAggregator> aggregatorLogger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(market);
        _options = options.Value;
        _benchmark = market.Value.Benchmark;
        _timeProvider = timeProvider;
        _aggregatorLogger = aggregatorLogger;
    }

    /// <summary>The validated options.</summary>
    public AggregationOptions Options => _options;

    /// <summary>
    /// Recomputes what <paramref name="request"/> names over <paramref name="dataSource"/> (not owned), one
    /// transaction per Aggregation:DaysPerBatch trading days. Cancelling rolls back the batch in flight.
    /// </summary>
    /// <exception cref="AggregationException">No scores, unsupported labels, or days outside the calendar.</exception>
    public Task<IReadOnlyList<ModelAggregation>> RunAsync(
        NpgsqlDataSource dataSource, AggregationRequest request, CancellationToken cancellationToken) =>
        Aggregator(dataSource).RunAsync(request, cancellationToken);

    /// <summary>
    /// The nightly catch-up: recomputes every model from where data may be missing up to <paramref name="day"/>
    /// (null: the last scored post). It starts at <paramref name="lastAggregatedDay"/> (the day an earlier run
    /// succeeded up to; null: every scored day), or earlier when posts stored since <paramref name="lastScoredAt"/>
    /// (a late file, a backfill) belong to older days. Missed nights and late files are caught up in one run.
    /// </summary>
    /// <exception cref="AggregationException">As <see cref="RunAsync"/>; <see cref="AggregationException.NothingToAggregate"/> when nothing is scored yet.</exception>
    public async Task<IReadOnlyList<ModelAggregation>> CatchUpAsync(
        NpgsqlDataSource dataSource, DateOnly? day, DateOnly? lastAggregatedDay, DateTimeOffset? lastScoredAt, CancellationToken cancellationToken)
    {
        var from = await CatchUpFromAsync(dataSource, lastAggregatedDay, lastScoredAt, cancellationToken);
        if (from is { } f && day is { } d && f > d)
        {
            from = null;
        }

        return await RunAsync(dataSource, new AggregationRequest(from, day, null), cancellationToken);
    }

    /// <summary>
    /// The days <paramref name="symbol"/> (null: Market:Benchmark) has bars in sf.market_bars, ascending, for
    /// comparing the trading calendar with.
    /// </summary>
    /// <exception cref="AggregationException">The symbol has no bars.</exception>
    public async Task<(string Symbol, IReadOnlyList<DateOnly> Days)> BarDaysAsync(
        NpgsqlDataSource dataSource, string? symbol, CancellationToken cancellationToken)
    {
        var benchmark = symbol ?? _benchmark;
        var days = await Store(dataSource).BarDaysAsync(benchmark, cancellationToken);
        return days.Count == 0 ? throw AggregationException.NoBars(benchmark) : (benchmark, days);
    }

    /// <summary>The installed queries of the SQL factor library (functions and views of schema sf), by name.</summary>
    public Task<IReadOnlyList<LibraryQuery>> ListQueriesAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        Library(dataSource).ListAsync(cancellationToken);

    /// <summary>
    /// Runs library query <paramref name="name"/> with <paramref name="parameters"/> (key = argument name with or
    /// without its p_ prefix), within Aggregation:CommandTimeout.
    /// </summary>
    /// <exception cref="StorageException">Unknown query or parameter, or the database refused the call.</exception>
    public Task<QueryResult> RunQueryAsync(
        NpgsqlDataSource dataSource, string name, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken) =>
        Library(dataSource).RunAsync(name, parameters, cancellationToken);

    // A post's trading day is never before its New York date, which is never before its UTC date minus one, so
    // starting one UTC day before the oldest new post never misses it.
    private static async Task<DateOnly?> CatchUpFromAsync(
        NpgsqlDataSource dataSource, DateOnly? lastAggregatedDay, DateTimeOffset? lastScoredAt, CancellationToken cancellationToken)
    {
        if (lastAggregatedDay is not { } from)
        {
            return null;
        }

        if (lastScoredAt is { } scoredFrom
            && await new JobRunStore(dataSource).EarliestPostIngestedSinceAsync(scoredFrom, cancellationToken) is { } oldestNew)
        {
            var day = DateOnly.FromDateTime(oldestNew.UtcDateTime).AddDays(-1);
            if (day < from)
            {
                from = day;
            }
        }

        return from;
    }

    private AggregationStore Store(NpgsqlDataSource dataSource) =>
        new(dataSource, _options.CommandTimeout, _options.WorkMemMegabytes, _options.CountRetweets);

    private DailyAggregator Aggregator(NpgsqlDataSource dataSource) =>
        new(Store(dataSource), NasdaqCalendar.Instance, _options.DaysPerBatch, _timeProvider, _aggregatorLogger);

    private QueryLibraryStore Library(NpgsqlDataSource dataSource) => new(dataSource, _options.CommandTimeout);
}
