using System.Text;
using SentimentFactor.Ingest.Market;

namespace SentimentFactor.Ingest.Tests.Market;

public sealed class MarketBarCsvTests
{
    [Fact]
    public void Stooq_layout_is_read()
    {
        var csv = "Date,Open,High,Low,Close,Volume\n2026-11-20,18000.5,18100,17950.25,18050.75,5123456789\n2026-11-21,18050,18200,18000,18150,4000000000\n";

        var (bars, rejects) = MarketBarCsv.Parse(Encoding.UTF8.GetBytes(csv), "^IXIC", "ixic.csv", "stooq");

        Assert.Empty(rejects);
        Assert.Equal(2, bars.Count);
        var first = bars[0];
        Assert.Equal(("^IXIC", new DateOnly(2026, 11, 20), 18050.75, 5123456789L), (first.Symbol, first.Day, first.Close, first.Volume!.Value));
        Assert.Equal(18000.5, first.Open!.Value, 1e-9);
        Assert.Null(first.AdjClose);
    }

    [Fact]
    public void Yahoo_layout_with_adj_close_and_null_rows_is_read_and_null_rows_rejected()
    {
        var csv = "Date,Open,High,Low,Close,Adj Close,Volume\r\n2026-11-20,10,12,9,11,10.5,100\r\n2026-11-21,null,null,null,null,null,null\r\n2026-11-24,10,9,12,11,11,100\r\n2026-13-01,1,1,1,1,1,1\r\n";

        var (bars, rejects) = MarketBarCsv.Parse(Encoding.UTF8.GetBytes(csv), "QQQ", "qqq.csv", "yahoo");

        var bar = Assert.Single(bars);
        Assert.Equal(10.5, bar.AdjClose!.Value, 1e-9);
        Assert.Equal(["missing_close", "high_below_low", "bad_date"], rejects.Select(r => r.Reason));
        Assert.Equal("qqq.csv:3", rejects[0].Location);
    }

    [Fact]
    public void A_quoted_field_with_a_line_break_stays_in_its_record()
    {
        // RFC 4180: a quoted field may hold a line break. Splitting on '\n' first made two bad halves of this row.
        var csv = "Date,Open,High,Low,Close,Volume,Note\n2026-11-20,10,12,9,11,100,\"early close\nhalf day\"\n2026-11-21,11,13,10,12,200,\n2026-11-24,1,1,1,null,1,\n";

        var (bars, rejects) = MarketBarCsv.Parse(Encoding.UTF8.GetBytes(csv), "QQQ", "qqq.csv", "yahoo");

        Assert.Equal([new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 21)], bars.Select(b => b.Day));
        var reject = Assert.Single(rejects);
        Assert.Equal("missing_close", reject.Reason);
        Assert.Equal("qqq.csv:5", reject.Location);
        Assert.Equal("2026-11-24,1,1,1,null,1,", Encoding.UTF8.GetString(reject.Payload));
    }

    [Fact]
    public void An_unknown_header_fails_naming_the_input()
    {
        var error = Assert.Throws<IngestException>(() => MarketBarCsv.Parse("No data"u8, "^IXIC", "https://stooq.com/q/d/l/", "stooq"));

        Assert.Contains("https://stooq.com/q/d/l/", error.Message, StringComparison.Ordinal);
        Assert.Contains("No data", error.Message, StringComparison.Ordinal);
    }
}
