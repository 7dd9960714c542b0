namespace SentimentFactor.Cli.Commands.Demo;

/// <summary>The one query the demo runs itself: the factor it just built, to set beside the planted mood.</summary>
internal static class DemoSql
{
    public const string Factor = """
        SELECT trading_day AS Day, bullishness AS Bullishness, n_total AS Posts
        FROM sf.daily_sentiment
        WHERE model_id = @ModelId AND symbol = '*'
        ORDER BY trading_day
        """;
}
