using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SentimentFactor.Core.Calendar;

namespace SentimentFactor.Storage.Aggregation;

/// <summary>
/// Builds the aggregation stores and the <see cref="DailyAggregator"/> over a data source with the configured
/// options (singleton in DI; the data source comes from SfDatabase.OpenAsync, so it is passed per call).
/// </summary>
public sealed class AggregationFactory
{
    private readonly AggregationOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;

    /// <summary>Creates the factory.</summary>
    public AggregationFactory(IOptions<AggregationOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        _options = options.Value;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
    }

    /// <summary>The validated options.</summary>
    public AggregationOptions Options => _options;

    /// <summary>The store of sf.trading_calendar and sf.daily_sentiment.</summary>
    public AggregationStore Store(NpgsqlDataSource dataSource) =>
        new(dataSource, _options.CommandTimeout, _options.WorkMemMegabytes, _options.CountRetweets);

    /// <summary>The aggregator over <see cref="NasdaqCalendar.Instance"/>.</summary>
    public DailyAggregator Aggregator(NpgsqlDataSource dataSource) =>
        new(Store(dataSource), NasdaqCalendar.Instance, _options.DaysPerBatch, _timeProvider, _loggerFactory.CreateLogger<DailyAggregator>());

    /// <summary>The SQL factor library.</summary>
    public QueryLibraryStore Library(NpgsqlDataSource dataSource) => new(dataSource, _options.CommandTimeout);
}
