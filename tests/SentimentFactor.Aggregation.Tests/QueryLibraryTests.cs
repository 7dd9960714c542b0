using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SentimentFactor.Core.Calendar;
using SentimentFactor.Storage;
using SentimentFactor.Storage.Aggregation;
using SentimentFactor.Testing;
using Xunit;

namespace SentimentFactor.Aggregation.Tests;

public sealed partial class QueryLibraryTests : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private const double Tolerance = 1e-12;
    private const string Model = "library";
    private const string Benchmark = "^IXIC";

    // Five trading days around Good Friday 2024; posts make 03-26 and 03-28 mostly positive.
    private static readonly (DateOnly Day, double Close)[] Bars =
    [
        (new DateOnly(2024, 3, 25), 100.0),
        (new DateOnly(2024, 3, 26), 101.0),
        (new DateOnly(2024, 3, 27), 100.5),
        (new DateOnly(2024, 3, 28), 102.0),
        (new DateOnly(2024, 4, 1), 103.0),
        (new DateOnly(2024, 4, 2), 101.0),
    ];

    private readonly PostgresFixture _fixture;
    private readonly QueryLibraryStore _library;

    public QueryLibraryTests(PostgresFixture fixture)
    {
        _fixture = fixture;
        _library = new QueryLibraryStore(fixture.DataSource, TimeSpan.FromMinutes(1));
    }

    public static TheoryData<string> QueryFiles() =>
        new(Directory.GetFiles(Path.Combine(RepositoryRoot(), "sql", "queries"), "*.sql").Select(Path.GetFileNameWithoutExtension).Order()!);

    public async Task InitializeAsync()
    {
        await using (var check = _fixture.DataSource.CreateCommand("SELECT count(*) FROM sf.models WHERE model_id = $1"))
        {
            check.Parameters.Add(new NpgsqlParameter { Value = Model });
            if ((long)(await check.ExecuteScalarAsync())! > 0)
            {
                return;
            }
        }

        await AggregationTestData.AddModelAsync(_fixture.DataSource, Model);
        TestPost Post(string id, string at, string label, params string[] symbols) =>
            new(id, DateTimeOffset.Parse(at, null), symbols, label, 0.2f, 0.3f, 0.5f);
        await AggregationTestData.AddScoredPostsAsync(_fixture.DataSource, Model,
        [
            Post("q1", "2024-03-25T14:00:00Z", "negative", "AAPL"),
            Post("q2", "2024-03-26T14:00:00Z", "positive", "AAPL", "MSFT"),
            Post("q3", "2024-03-26T15:00:00Z", "positive"),
            Post("q4", "2024-03-27T15:00:00Z", "neutral", "MSFT"),
            Post("q5", "2024-03-28T15:00:00Z", "positive", "AAPL"),
            Post("q6", "2024-04-02T15:00:00Z", "negative"),
        ]);
        await AggregationTestData.AddBarsAsync(_fixture.DataSource, Benchmark, Bars);
        // The cashtags' own bars, for the cross-section functions (AAPL falls on 03-27 while MSFT rises).
        await AggregationTestData.AddBarsAsync(_fixture.DataSource, "AAPL", Bars.Select((b, i) => (b.Day, 50.0 + (i % 2))).ToList());
        await AggregationTestData.AddBarsAsync(_fixture.DataSource, "MSFT", Bars.Select((b, i) => (b.Day, 70.0 + i)).ToList());
        var aggregator = new DailyAggregator(
            new AggregationStore(_fixture.DataSource, TimeSpan.FromMinutes(1), 64),
            NasdaqCalendar.Instance, 100, TimeProvider.System, NullLogger<DailyAggregator>.Instance);
        await aggregator.RunAsync(new AggregationRequest(ModelId: Model), CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(QueryFiles))]
    public async Task Each_query_runs_and_returns_the_columns_its_header_documents(string name)
    {
        var header = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "sql", "queries", name + ".sql"));
        var documented = DocumentedColumns(header);

        var result = await _library.RunAsync(name, RequiredParameters(name), CancellationToken.None);

        Assert.Equal(documented, result.Columns);
        if (name != "daily_ic")
        {
            // This data set has no day with two cashtags of different sentiment; daily_ic's rows are checked
            // against the C# IC in SentimentFactor.Research.Tests (CrossSectionSqlTests).
            Assert.NotEmpty(result.Rows);
        }

        Assert.Contains("-- Example:", header, StringComparison.Ordinal);
        Assert.Contains("-- Rule:", header, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(QueryFiles))]
    public async Task Each_query_file_is_installed_verbatim_by_a_migration(string name)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "sql", "queries", name + ".sql"));
        // Installed by 031 and, for files changed since, by a later migration (070: the one return definition).
        var migrations = await Task.WhenAll(Directory.GetFiles(Path.Combine(RepositoryRoot(), "sql", "schema"), "*.sql")
            .Select(f => File.ReadAllTextAsync(f)));

        Assert.Contains(migrations, m => m.Contains(text.Trim(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Factor_returns_pairs_day_t_with_log_returns_of_t_and_t_plus_1()
    {
        var result = await _library.RunAsync("factor_returns", new Dictionary<string, string> { ["model_id"] = Model }, CancellationToken.None);
        var rows = result.Rows.ToDictionary(r => r[Column(result, "trading_day")]!);

        var thursday = rows["2024-03-28"];
        Assert.Equal(Math.Log(102.0 / 100.5), double.Parse(thursday[Column(result, "ret_same_day")]!, null), Tolerance);
        // Next trading day after Thursday 2024-03-28 is Monday 2024-04-01 (Good Friday closed).
        Assert.Equal(Math.Log(103.0 / 102.0), double.Parse(thursday[Column(result, "ret_next_day")]!, null), Tolerance);
        Assert.Null(rows["2024-04-02"][Column(result, "ret_next_day")]);
        Assert.Equal("0", rows["2024-04-01"][Column(result, "n_total")]);
    }

    [Fact]
    public async Task Seed_study_splits_days_into_mostly_positive_and_others()
    {
        var result = await _library.RunAsync("seed_study", new Dictionary<string, string>(), CancellationToken.None);
        var rows = result.Rows.ToDictionary(r => r[Column(result, "day_kind")]!);

        // Mostly positive: 03-26 (next 03-27 down) and 03-28 (next 04-01 up). Others with a post and a next day:
        // 03-25 (up), 03-27 (up); 04-01 has no post, so under the default p_min_posts = 1 it is not counted.
        Assert.Equal("2", rows["mostly positive"][Column(result, "n_days")]);
        Assert.Equal(0.5, double.Parse(rows["mostly positive"][Column(result, "share_up_next")]!, null), Tolerance);
        Assert.Equal("2", rows["other"][Column(result, "n_days")]);
        Assert.Equal(1.0, double.Parse(rows["other"][Column(result, "share_up_next")]!, null), Tolerance);

        var withEmptyDays = await _library.RunAsync("seed_study", new Dictionary<string, string> { ["min_posts"] = "0" }, CancellationToken.None);
        Assert.Equal("3", withEmptyDays.Rows.Single(r => r[Column(withEmptyDays, "day_kind")] == "other")[Column(withEmptyDays, "n_days")]);
    }

    [Fact]
    public async Task Rolling_zscore_needs_a_full_window_of_trading_days()
    {
        var result = await _library.RunAsync(
            "factor_zscore", new Dictionary<string, string> { ["window"] = "3", ["factor"] = "n_total" }, CancellationToken.None);
        var z = result.Rows.Select(r => r[Column(result, "zscore")]).ToList();

        // Totals 1, 2, 1, 1, 0, 1 on the six trading days: no z-score before the third day.
        Assert.Null(z[0]);
        Assert.Null(z[1]);
        // Day 3: values 1, 2, 1 -> mean 4/3, sd sqrt(1/3); z = (1 - 4/3) / sqrt(1/3).
        Assert.Equal((1 - (4.0 / 3.0)) / Math.Sqrt(1.0 / 3.0), double.Parse(z[2]!, null), 1e-9);
    }

    [Fact]
    public async Task Panel_gives_each_symbols_share_of_the_days_posts()
    {
        var result = await _library.RunAsync("factor_panel", new Dictionary<string, string> { ["from"] = "2024-03-26" }, CancellationToken.None);
        var aapl = result.Rows.First(r => r[Column(result, "symbol")] == "AAPL");

        Assert.Equal("2024-03-26", aapl[Column(result, "trading_day")]);
        Assert.Equal(0.5, double.Parse(aapl[Column(result, "share_of_posts")]!, null), Tolerance);
    }

    [Fact]
    public async Task Bad_query_name_or_parameter_or_value_is_a_one_line_error()
    {
        var unknown = await Assert.ThrowsAsync<StorageException>(
            () => _library.RunAsync("no_such_query", new Dictionary<string, string>(), CancellationToken.None));
        var badKey = await Assert.ThrowsAsync<StorageException>(
            () => _library.RunAsync("seed_study", new Dictionary<string, string> { ["colour"] = "red" }, CancellationToken.None));
        var badValue = await Assert.ThrowsAsync<StorageException>(
            () => _library.RunAsync("factor_zscore", new Dictionary<string, string> { ["window"] = "1" }, CancellationToken.None));

        Assert.Contains("factor_returns", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("p_benchmark", badKey.Message, StringComparison.Ordinal);
        Assert.Contains("at least 2", badValue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sf_reader_runs_every_query_and_reads_tables_but_cannot_write()
    {
        await using var connection = await _fixture.DataSource.OpenConnectionAsync();
        await using (var role = new NpgsqlCommand("SET ROLE sf_reader", connection))
        {
            await role.ExecuteNonQueryAsync();
        }

        foreach (var call in new[]
        {
            "SELECT count(*) FROM sf.factor_returns()",
            "SELECT count(*) FROM sf.factor_zscore(p_window => 5)",
            "SELECT count(*) FROM sf.factor_panel()",
            "SELECT count(*) FROM sf.seed_study()",
            "SELECT count(*) FROM sf.bar_returns('^IXIC')",
            "SELECT count(*) FROM sf.bar_returns_panel()",
            "SELECT count(*) FROM sf.symbol_factor_returns()",
            "SELECT count(*) FROM sf.daily_ic(p_min_symbols => 2)",
            "SELECT count(*) FROM sf.crosssection_runs",
            "SELECT count(*) FROM sf.trading_days",
            "SELECT count(*) FROM sf.daily_sentiment",
            "SELECT count(*) FROM sf.posts",
        })
        {
            await using var read = new NpgsqlCommand(call, connection);
            Assert.True((long)(await read.ExecuteScalarAsync())! >= 0, call);
        }

        foreach (var write in new[]
        {
            "INSERT INTO sf.market_bars (symbol, day, close) VALUES ('X', '2024-01-02', 1)",
            "UPDATE sf.daily_sentiment SET n_pos = 0",
            "DELETE FROM sf.posts",
            "TRUNCATE sf.trading_calendar",
            "CREATE TABLE sf.scratch (x int)",
            "CREATE OR REPLACE FUNCTION sf.seed_study() RETURNS int LANGUAGE sql AS 'SELECT 1'",
            "DROP FUNCTION sf.factor_panel(text, date, date, integer)",
        })
        {
            await using var command = new NpgsqlCommand(write, connection);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.True(
                error.SqlState is PostgresErrorCodes.InsufficientPrivilege,
                $"{write}: expected permission denied, got {error.SqlState} {error.MessageText}");
        }
    }

    private static Dictionary<string, string> RequiredParameters(string name) => name switch
    {
        "factor_zscore" => new() { ["window"] = "2" },
        "bar_returns" => new() { ["symbol"] = Benchmark },
        "daily_ic" => new() { ["min_symbols"] = "2" },
        _ => [],
    };

    private static int Column(QueryResult result, string name) => result.Columns.ToList().IndexOf(name) is var i and >= 0
        ? i
        : throw new InvalidOperationException($"No column {name} in [{string.Join(", ", result.Columns)}]");

    /// <summary>The comma-separated names after "-- Returns:" up to the next "-- Key:" line.</summary>
    private static List<string> DocumentedColumns(string header)
    {
        var match = ReturnsBlock().Match(header);
        Assert.True(match.Success, "header has no '-- Returns:' block");
        return match.Groups[1].Value
            .Replace("--", " ", StringComparison.Ordinal)
            .Split([',', ' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)
            .ToList();
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "SentimentFactor.sln")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("SentimentFactor.sln not found above the test binaries.");
        }

        return directory.FullName;
    }

    [GeneratedRegex(@"-- Returns:\s*(.*?)\n-- \w+:", RegexOptions.Singleline)]
    private static partial Regex ReturnsBlock();
}
