namespace SentimentFactor.Storage;

/// <summary>
/// The market every stage works against (appsettings.json section "Market"): one benchmark symbol for loading bars
/// (ingest), checking the calendar (aggregation) and regressing on (research). Its bars live in sf.market_bars.
/// </summary>
public sealed class MarketOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Market";

    /// <summary>Benchmark symbol in sf.market_bars: ^IXIC (NASDAQ Composite); ^NDX or QQQ also work.</summary>
    public string Benchmark { get; set; } = "^IXIC";
}
