using Dapper;
using Npgsql;
using SentimentFactor.Core.Calendar;
using SentimentFactor.Core.Returns;
using SentimentFactor.Research.Factors;
using SentimentFactor.Storage.Aggregation;
using SentimentFactor.Storage.Research;
using SentimentFactor.Testing;

namespace SentimentFactor.Research.Tests;

/// <summary>
/// The one definition of a day's return (docs/research.md): `sf regress` (C#) and the SQL library
/// (sf.bar_returns, sf.factor_returns, sf.seed_study) give identical series on bars with a missing session, bars
/// dated on closed days and adj_close on only some bars, and count the same seed-study days.
/// </summary>
public sealed class ReturnDefinitionTests : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private const string ModelId = "returns-definition";
    private const string Gappy = "^GAPS";
    private const string Adjusted = "^ADJ";
    private static readonly DateOnly MissingSession = new(2024, 3, 27);
    private static readonly DateOnly GoodFriday = new(2024, 3, 29);
    private static readonly DateOnly Saturday = new(2024, 3, 30);
    private static readonly DateOnly NoAdjClose = new(2024, 4, 3);

    private readonly PostgresFixture _database;

    public ReturnDefinitionTests(PostgresFixture database)
    {
        _database = database;
    }

    private static IReadOnlyList<DateOnly> Sessions => NasdaqCalendar.Instance.TradingDays(new DateOnly(2024, 3, 1), new DateOnly(2024, 5, 31));

    public async Task InitializeAsync()
    {
        await new AggregationStore(_database.DataSource, TimeSpan.FromMinutes(1), 64).SyncCalendarAsync(NasdaqCalendar.Instance, CancellationToken.None);
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO sf.models (model_id, name, kind, labels) VALUES (@ModelId, 'returns-test', 'lexicon', ARRAY['negative', 'neutral', 'positive'])
            ON CONFLICT DO NOTHING
            """, new { ModelId });
        await connection.ExecuteAsync("DELETE FROM sf.market_bars; DELETE FROM sf.daily_sentiment;");
        var random = new Random(17);
        var close = 100.0;
        var bars = new List<BarRow>();
        foreach (var day in Sessions.Append(GoodFriday).Append(Saturday).Order())
        {
            close *= Math.Exp(0.01 * ((2 * random.NextDouble()) - 1));
            var at = day.ToDateTime(TimeOnly.MinValue);
            // adj_close is 10 % below close: a series mixing the two columns would show ±10 % "returns".
            bars.Add(new BarRow(Adjusted, at, close, close * 0.9));
            if (day != MissingSession)
            {
                bars.Add(new BarRow(Gappy, at, close, day == NoAdjClose ? null : close * 0.9));
            }
        }

        await connection.ExecuteAsync(
            "INSERT INTO sf.market_bars (symbol, day, close, adj_close) VALUES (@Symbol, @Day, @Close, @AdjClose)", bars);
        var sentiment = Sessions.Select((day, i) =>
        {
            var total = i % 7; // 0..6 posts: the min-posts rule has days to drop
            var positive = (i * 5) % (total + 1);
            var negative = Math.Min(total - positive, (i * 3) % 4);
            return new
            {
                ModelId,
                Day = day.ToDateTime(TimeOnly.MinValue),
                NPos = positive,
                NNeu = total - positive - negative,
                NNeg = negative,
                NTotal = total,
                Bullishness = Math.Log((1.0 + positive) / (1.0 + negative)),
            };
        });
        await connection.ExecuteAsync("""
            INSERT INTO sf.daily_sentiment (model_id, symbol, trading_day, n_pos, n_neu, n_neg, n_total, bullishness, net)
            VALUES (@ModelId, '*', @Day, @NPos, @NNeu, @NNeg, @NTotal, @Bullishness,
                    CASE WHEN @NTotal > 0 THEN (@NPos - @NNeg)::double precision / @NTotal END)
            """, sentiment);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(Gappy, DailyReturns.Close)]
    [InlineData(Adjusted, DailyReturns.AdjustedClose)]
    public async Task Sql_bar_returns_and_the_csharp_series_are_identical(string symbol, string priceField)
    {
        var sql = await BarReturnsAsync(symbol);
        var csharp = DailyReturns.Compute(await BarsAsync(symbol), NasdaqCalendar.Instance);

        Assert.All(sql, r => Assert.Equal(priceField, r.PriceField));
        Assert.Equal(priceField, csharp.PriceField);
        // Same days (sessions with a bar; the closed-day bars in neither), same prices, same returns, bit for bit.
        var withBar = Enumerable.Range(0, csharp.Count).Where(i => csharp.Prices[i] is not null).ToList();
        Assert.Equal(withBar.Select(i => csharp.Days[i]), sql.Select(r => r.TradingDay));
        Assert.Equal(withBar.Select(i => csharp.Prices[i]), sql.Select(r => (double?)r.Price));
        Assert.Equal(withBar.Select(i => csharp.Returns[i]), sql.Select(r => r.Ret));
        Assert.DoesNotContain(sql, r => r.TradingDay == GoodFriday || r.TradingDay == Saturday);
        Assert.DoesNotContain(sql, r => r.Ret is { } v && Math.Abs(v) > 0.011); // no mixed-column jump
    }

    [Fact]
    public async Task A_missing_session_leaves_no_return_across_it_and_a_closed_day_bar_is_not_a_session()
    {
        var series = DailyReturns.Compute(await BarsAsync(Gappy), NasdaqCalendar.Instance);
        var thursday = new DateOnly(2024, 3, 28);
        var monday = new DateOnly(2024, 4, 1);

        Assert.Null(series.Prices[series.IndexOf(MissingSession)]);
        Assert.Null(series.ReturnOn(MissingSession));
        Assert.Null(series.ReturnOn(thursday)); // its previous session (03-27) has no bar
        Assert.Equal(-1, series.IndexOf(GoodFriday));
        // Monday's previous session is Thursday (Good Friday closed), whatever bar is dated on Friday.
        Assert.Equal(Math.Log(series.Prices[series.IndexOf(monday)]!.Value / series.Prices[series.IndexOf(thursday)]!.Value), series.ReturnOn(monday));
    }

    [Theory]
    [InlineData(Gappy)]
    [InlineData(Adjusted)]
    public async Task Sf_regress_pairs_each_factor_day_with_the_returns_sf_factor_returns_gives(string benchmark)
    {
        var rows = await new FactorSeriesStore(_database.DataSource).ReadAsync(ModelId, "*", benchmark, CancellationToken.None);
        var data = ResearchDataset.Build(rows, new ResearchOptions { MinPostsPerDay = 0 }.ToSpec(benchmark));
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var sql = (await connection.QueryAsync<FactorReturnRow>(
            "SELECT trading_day AS TradingDay, ret_same_day AS Same, ret_next_day AS Next FROM sf.factor_returns(@ModelId, '*', @Benchmark)",
            new { ModelId, Benchmark = benchmark })).ToList();

        Assert.Equal(Sessions.Count, sql.Count);
        foreach (var row in sql)
        {
            var i = Array.IndexOf(data.Days, row.TradingDay);
            Assert.True(i >= 0, $"{row.TradingDay:yyyy-MM-dd} is not on the regression's grid");
            Assert.Equal(data.Returns[i], row.Same);
            Assert.Equal(i + 1 < data.Count ? data.Returns[i + 1] : null, row.Next);
        }
    }

    [Theory]
    [InlineData("net", 1)]
    [InlineData("majority", 1)]
    [InlineData("net", 3)]
    [InlineData("majority", 0)]
    public async Task Sf_regress_and_sf_seed_study_count_the_same_days(string rule, int minPosts)
    {
        var rows = await new FactorSeriesStore(_database.DataSource).ReadAsync(ModelId, "*", Gappy, CancellationToken.None);
        var spec = new ResearchOptions { MinPostsPerDay = minPosts, SeedRule = rule, MinObservations = 10 }.ToSpec(Gappy);
        var model = new RegressionModelInfo(ModelId, "returns-test", "lexicon");
        var seed = RegressionAnalysis.Run(spec, model, rows).SeedStudy!;
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var sql = (await connection.QueryAsync<SeedRow>(
            "SELECT day_kind AS DayKind, n_days AS Days, n_up_next AS UpNext FROM sf.seed_study(@ModelId, @Benchmark, @Rule, @MinPosts)",
            new { ModelId, Benchmark = Gappy, Rule = rule, MinPosts = minPosts })).ToDictionary(r => r.DayKind);

        Assert.Equal(rule, seed.Rule);
        Assert.True(seed.PositiveDays > 0 && seed.OtherDays > 0, "the data should give both kinds of day");
        Assert.Equal(seed.PositiveDays, sql["mostly positive"].Days);
        Assert.Equal(seed.PositiveUpDays, sql["mostly positive"].UpNext);
        Assert.Equal(seed.OtherDays, sql["other"].Days);
        Assert.Equal(seed.OtherUpDays, sql["other"].UpNext);
    }

    [Fact]
    public void The_default_seed_rule_is_more_positive_than_negative_posts_in_both()
    {
        Assert.Equal("net", new ResearchOptions().SeedRule);
        Assert.Equal("net", new ResearchOptions().ToSpec("^IXIC").SeedRule);
        var header = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "sql", "queries", "seed_study.sql"));
        Assert.Contains("p_rule      text    DEFAULT 'net'", header, StringComparison.Ordinal);
    }

    private async Task<List<(DateOnly Day, double Close, double? AdjClose)>> BarsAsync(string symbol)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(DateTime Day, double Close, double? AdjClose)>(
            "SELECT day, close, adj_close FROM sf.market_bars WHERE symbol = @Symbol", new { Symbol = symbol });
        return rows.Select(r => (DateOnly.FromDateTime(r.Day), r.Close, r.AdjClose)).ToList();
    }

    private async Task<List<BarReturnRow>> BarReturnsAsync(string symbol)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<BarReturnRow>(
            "SELECT trading_day AS TradingDay, price AS Price, price_field AS PriceField, ret AS Ret FROM sf.bar_returns(@Symbol)",
            new { Symbol = symbol })).ToList();
    }

    private sealed record BarRow(string Symbol, DateTime Day, double Close, double? AdjClose);

    private sealed record BarReturnRow(DateOnly TradingDay, double Price, string PriceField, double? Ret);

    private sealed record FactorReturnRow(DateOnly TradingDay, double? Same, double? Next);

    private sealed record SeedRow(string DayKind, long Days, long UpNext);
}
