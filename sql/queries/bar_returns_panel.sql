-- bar_returns_panel: daily log returns of many symbols at once, each by the one definition (sf.bar_returns).
--
-- Purpose:    for every symbol of p_symbols (NULL = every symbol in sf.market_bars), one row per bar dated on
--             a trading day of sf.trading_days (bars on closed days are not sessions and are left out): the
--             price used and ret = ln(P_t / P_prev), prev the trading day before t in the calendar; NULL when
--             that day has no bar of the symbol or a price is not positive. Each symbol uses adj_close when
--             every one of its session bars has a positive adj_close, else close (price_field says which).
-- Parameters: p_symbols   text[]  DEFAULT NULL     symbols; NULL = all
-- Returns:    symbol, trading_day, price, price_field, ret
-- Example:    SELECT * FROM sf.bar_returns_panel(ARRAY['AAPL', 'MSFT']);
-- Rule:       docs/research.md, "A day's return" (C#: SentimentFactor.Core.Returns.DailyReturns, tested equal).
CREATE OR REPLACE FUNCTION sf.bar_returns_panel(p_symbols text[] DEFAULT NULL)
RETURNS TABLE (
    symbol      text,
    trading_day date,
    price       double precision,
    price_field text,
    ret         double precision)
LANGUAGE sql STABLE
AS $$
    WITH sessions AS (
        SELECT b.symbol, b.day, b.close, b.adj_close, t.previous_trading_day,
               bool_and(coalesce(b.adj_close > 0, false)) OVER (PARTITION BY b.symbol) AS adjusted
        FROM sf.market_bars b
        JOIN sf.trading_days t ON t.day = b.day
        WHERE p_symbols IS NULL OR b.symbol = ANY (p_symbols)
    ),
    priced AS (
        SELECT s.symbol, s.day, s.previous_trading_day,
               CASE WHEN s.adjusted THEN s.adj_close ELSE s.close END AS px,
               CASE WHEN s.adjusted THEN 'adj_close' ELSE 'close' END AS field
        FROM sessions s
    )
    SELECT c.symbol, c.day, c.px, c.field,
           CASE WHEN c.px > 0 AND p.px > 0 THEN ln(c.px / p.px) END
    FROM priced c
    LEFT JOIN priced p ON p.symbol = c.symbol AND p.day = c.previous_trading_day
    ORDER BY c.symbol, c.day
$$;
COMMENT ON FUNCTION sf.bar_returns_panel(text[]) IS
    'Daily log returns of many symbols (one definition: calendar adjacency, NULL next to a missing bar, one price column per symbol).';
