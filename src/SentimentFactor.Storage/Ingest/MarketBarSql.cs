namespace SentimentFactor.Storage.Ingest;

/// <summary>SQL of sf.market_bars: COPY into staging, then upsert by (symbol, day); a corrected bar replaces the old.</summary>
internal static class MarketBarSql
{
    public const string CreateStage = """
        CREATE TEMP TABLE market_bars_stage (
            symbol    text             NOT NULL,
            day       date             NOT NULL,
            open      double precision,
            high      double precision,
            low       double precision,
            close     double precision NOT NULL,
            adj_close double precision,
            volume    bigint,
            source    text
        ) ON COMMIT DROP
        """;

    public const string CopyStage = """
        COPY market_bars_stage (symbol, day, open, high, low, close, adj_close, volume, source) FROM STDIN (FORMAT BINARY)
        """;

    // DISTINCT ON keeps the last row of a day repeated in one input; the WHERE leaves equal bars untouched,
    // so "updated" counts only real corrections. xmax = 0 marks a freshly inserted row.
    public const string Upsert = """
        WITH input AS (
            SELECT DISTINCT ON (symbol, day) symbol, day, open, high, low, close, adj_close, volume, source
            FROM (SELECT *, row_number() OVER () AS ord FROM market_bars_stage) s
            ORDER BY symbol, day, ord DESC
        ), written AS (
            INSERT INTO sf.market_bars AS b (symbol, day, open, high, low, close, adj_close, volume, source, updated_at)
            SELECT symbol, day, open, high, low, close, adj_close, volume, source, now() FROM input
            ON CONFLICT (symbol, day) DO UPDATE SET
                open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
                adj_close = excluded.adj_close, volume = excluded.volume, source = excluded.source, updated_at = now()
            WHERE (b.open, b.high, b.low, b.close, b.adj_close, b.volume)
                IS DISTINCT FROM (excluded.open, excluded.high, excluded.low, excluded.close, excluded.adj_close, excluded.volume)
            RETURNING (xmax = 0) AS inserted
        )
        SELECT
            count(*) FILTER (WHERE inserted) AS Inserted,
            count(*) FILTER (WHERE NOT inserted) AS Updated,
            (SELECT count(*) FROM input) - count(*) AS Unchanged
        FROM written
        """;

    public const string ListBySymbol = """
        SELECT symbol AS Symbol, day AS Day, open AS Open, high AS High, low AS Low, close AS Close,
               adj_close AS AdjClose, volume AS Volume, source AS Source
        FROM sf.market_bars WHERE symbol = @Symbol ORDER BY day
        """;
}
