using Microsoft.Extensions.Logging.Abstractions;
using SentimentFactor.Core.Calendar;
using SentimentFactor.Storage.Aggregation;
using SentimentFactor.Testing;
using Xunit;

namespace SentimentFactor.Aggregation.Tests;

public sealed class AggregationBenchStoreTests : IClassFixture<PostgresFixture>
{
    private readonly PostgresFixture _fixture;

    public AggregationBenchStoreTests(PostgresFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Generated_posts_aggregate_to_the_same_groups_in_sql_and_in_the_client_baseline()
    {
        var calendar = NasdaqCalendar.Instance;
        var days = calendar.TradingDays(new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 31));
        var bench = new AggregationBenchStore(_fixture.DataSource);

        var posts = await bench.GenerateAsync(
            "bench-test", 5_000, calendar.PostWindow(days[0]).Start, calendar.PostWindow(days[^1]).End, CancellationToken.None);
        var clientGroups = await bench.ClientSideAggregateAsync("bench-test", calendar, CancellationToken.None);
        var result = await new DailyAggregator(
                new AggregationStore(_fixture.DataSource, TimeSpan.FromMinutes(1), 64),
                calendar, 1_000, TimeProvider.System, NullLogger<DailyAggregator>.Instance)
            .RunAsync(new AggregationRequest(days[0], days[^1], "bench-test"), CancellationToken.None);

        Assert.Equal(5_000, posts);
        Assert.Equal(days.Count, result.Single().TradingDays);
        // Every trading day gets posts, so SQL writes no zero rows: the row count is the client's group count.
        Assert.Equal(clientGroups, result.Single().Rows);
    }
}
