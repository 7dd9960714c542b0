using SentimentFactor.Ingest.Market;
using SentimentFactor.Storage.Ingest;
using SentimentFactor.Testing;
using SentimentFactor.Testing.Fakes;

namespace SentimentFactor.Ingest.Tests.Market;

public sealed class MarketBarIngesterTests : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly PostgresFixture _database;
    private readonly TestFiles _files = new();
    private readonly InstantTimeProvider _clock = new(TestFiles.Now);

    public MarketBarIngesterTests(PostgresFixture database)
    {
        _database = database;
    }

    public void Dispose() => _files.Dispose();

    private MarketBarIngester Ingester(IngestOptions? options = null) =>
        new(new MarketBarStore(_database.DataSource), new RejectStore(_database.DataSource), options ?? new IngestOptions(), _clock, TestFiles.Logger<MarketBarIngester>());

    [Fact]
    public async Task A_corrected_bar_replaces_the_old_one_and_equal_bars_stay()
    {
        var first = _files.Write("ixic_d.csv", "Date,Open,High,Low,Close,Volume\n2026-11-19,100,110,95,105,1000\n2026-11-20,105,112,101,111,1100\n");
        var corrected = _files.Write("ixic_d2.csv", "Date,Open,High,Low,Close,Volume\n2026-11-19,100,110,95,105,1000\n2026-11-20,105,112,101,110.5,1100\n2026-11-21,110,115,109,114,900\n");

        var loaded = await Ingester().LoadFileAsync(first, "^IXIC", CancellationToken.None);
        var again = await Ingester().LoadFileAsync(corrected, "^IXIC", CancellationToken.None);

        Assert.Equal((2L, 0L, 0L), (loaded.Inserted, loaded.Updated, loaded.Unchanged));
        Assert.Equal((1L, 1L, 1L), (again.Inserted, again.Updated, again.Unchanged));
        var bars = await new MarketBarStore(_database.DataSource).ListAsync("^IXIC", CancellationToken.None);
        Assert.Equal(3, bars.Count);
        Assert.Equal(110.5, bars[1].Close, 1e-9);
        Assert.Equal(new DateOnly(2026, 11, 20), bars[1].Day);
        Assert.Equal(1100L, bars[1].Volume);
    }

    [Fact]
    public async Task A_truncated_gzip_bars_file_fails_naming_it_and_stores_no_bar()
    {
        var csv = "Date,Open,High,Low,Close,Volume\n" + string.Concat(Enumerable.Range(0, 400).Select(i =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{new DateOnly(2020, 1, 1).AddDays(i):yyyy-MM-dd},{100 + i},{110 + i},{95 + i},{105 + i},{1000 + i}\n")));
        var path = _files.WriteGzip("cut_d.csv.gz", csv);
        var gzip = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, gzip[..(gzip.Length / 2)]);
        var symbol = "CUT" + Random.Shared.Next(1_000, 9_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var error = await Assert.ThrowsAsync<IngestException>(() => Ingester().LoadFileAsync(path, symbol, CancellationToken.None));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Empty(await new MarketBarStore(_database.DataSource).ListAsync(symbol, CancellationToken.None));
    }

    [Fact]
    public async Task Yahoo_bars_come_from_the_http_endpoint_with_retries_and_bad_rows_rejected()
    {
        await using var server = new FakeBarsServer(_clock);
        server.SetCsv("qqq", "Date,Open,High,Low,Close,Adj Close,Volume\n2026-11-19,500,510,495,505,504.1,100\n2026-11-20,null,null,null,null,null,null\n");
        server.Enqueue(new FakeFault.ServerError(503));

        var result = await Ingester().LoadUrlAsync("QQQ", server.UrlTemplate, new HttpClient(), CancellationToken.None);

        Assert.Equal(("QQQ", 1L, 1L), (result.Symbol, result.Inserted, result.Rejected));
        Assert.Equal(2, server.Requests.Count);
        var bar = Assert.Single(await new MarketBarStore(_database.DataSource).ListAsync("QQQ", CancellationToken.None));
        Assert.Equal(504.1, bar.AdjClose!.Value, 1e-9);
    }

    [Fact]
    public async Task An_unknown_symbol_answer_fails_with_the_layout_message()
    {
        await using var server = new FakeBarsServer(_clock);

        var error = await Assert.ThrowsAsync<IngestException>(() => Ingester().LoadUrlAsync("NOPE", server.UrlTemplate, new HttpClient(), CancellationToken.None));

        Assert.Contains("No data", error.Message, StringComparison.Ordinal);
    }
}
