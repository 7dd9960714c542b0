using SentimentFactor.Ingest.Normalization;

namespace SentimentFactor.Ingest.Tests.Normalization;

public sealed class CashtagsTests
{
    [Theory]
    [InlineData("$AAPL to the moon", "AAPL")]
    [InlineData("long $aapl and $TSLA, short $AAPL", "AAPL,TSLA")]
    [InlineData("Buffett's $BRK.B is cheap", "BRK.B")]
    [InlineData("$BTC.X ripping", "BTC.X")]
    [InlineData("closing at $NVDA.", "NVDA")]
    [InlineData("($MSFT) and $GOOGL's cloud", "MSFT,GOOGL")]
    [InlineData("paid $5 for it, market cap $100M", "")]
    [InlineData("US$20 or $$$ or $ alone", "")]
    [InlineData("$TOOLONGX is not a ticker", "")]
    [InlineData("$AMD2 is not either", "")]
    [InlineData("RT @bull: adding more $AAPL and $AA…", "AAPL")]
    [InlineData("RT @bull: adding more $AA… ", "")]
    [InlineData("$AAPL… then $MSFT", "AAPL,MSFT")]
    [InlineData("cut mid-word $BR…", "")]
    public void Cashtags_become_upper_case_symbols_and_prices_do_not(string text, string expected)
    {
        var symbols = Cashtags.Extract(text);

        Assert.Equal(expected, string.Join(",", symbols));
    }

    [Fact]
    public void Entity_tags_merge_with_text_cashtags_without_repeats()
    {
        var symbols = new List<string>();
        Cashtags.AddEntity(symbols, "aapl");
        Cashtags.AddEntity(symbols, "$MSFT");
        Cashtags.Extract("$AAPL vs $MSFT vs $QQQ", symbols);

        Assert.Equal(["AAPL", "MSFT", "QQQ"], symbols);
    }

    [Fact]
    public void A_cut_final_token_is_not_a_ticker_even_when_an_entity_tags_it()
    {
        var normalizer = new PostNormalizer(new IngestOptions(), TimeProvider.System);
        var raw = new RawPost { Id = "1", CreatedAtText = "2026-11-20T15:00:00Z", Text = "RT @bull: $MSFT and more $AA…" };
        raw.EntitySymbols.AddRange(["MSFT", "AA"]);

        var post = normalizer.Normalize("x", raw, out _);

        Assert.Equal(["MSFT"], post!.Symbols);
    }
}
