using System.Globalization;
using Npgsql;
using SentimentFactor.Testing;
using SentimentFactor.Testing.Fakes;
using Xunit;

namespace SentimentFactor.EndToEnd.Tests;

/// <summary>`sf ingest stocktwits|x` against the fake APIs: one failing symbol or query never stops the others.</summary>
public sealed class IngestCommandTests(PostgresFixture database) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private readonly FakeStockTwitsServer _stockTwits = new(TimeProvider.System);

    public Task InitializeAsync()
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 1; i <= 5; i++)
        {
            _stockTwits.AddMessage(FakeStockTwitsServer.Message(700_000 + i, now.AddMinutes(-10 * i), $"$AAPL and $BTC.X look good {i}", "Bullish", ["AAPL", "BTC.X"]));
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _stockTwits.DisposeAsync();

    private Dictionary<string, string?> Settings => new()
    {
        ["ConnectionStrings:Postgres"] = database.ConnectionString,
        ["Ingest:StockTwitsBaseUrl"] = _stockTwits.BaseUrl.ToString(),
        ["Ingest:MaxRetries"] = "0",
    };

    [Fact]
    public async Task An_unknown_symbol_fails_alone_the_others_are_committed_and_the_exit_code_is_1()
    {
        var result = await SfRunner.RunAsync(Settings, "ingest", "stocktwits", "ZZZZ", "AAPL");

        Assert.True(result.ExitCode == 1 && result.Output.Length > 0, result.Output + result.Error);
        var lines = result.Output.Split('\n');
        Assert.Matches(@"stocktwits\W+ZZZZ\W+0\W+0\W+0\W+failed", Assert.Single(lines, l => l.Contains(" ZZZZ ", StringComparison.Ordinal)));
        Assert.Matches(@"stocktwits\W+AAPL\W+5\W+0\W+0\W+ok", Assert.Single(lines, l => l.Contains(" AAPL ", StringComparison.Ordinal)));
        var reason = Assert.Single(lines, l => l.StartsWith("failed ZZZZ: stocktwits: ", StringComparison.Ordinal));
        Assert.Contains("404", reason, StringComparison.Ordinal);
        Assert.Contains("Symbol not found", reason, StringComparison.Ordinal);
        Assert.Contains("ingest stocktwits: 5 accepted", result.Output, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM sf.posts WHERE source = 'stocktwits'", connection);
        Assert.Equal(5L, Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
        await using var cursor = new NpgsqlCommand("SELECT query FROM sf.ingest_cursors WHERE source = 'stocktwits' ORDER BY query", connection);
        Assert.Equal("AAPL", await cursor.ExecuteScalarAsync());
    }
}
