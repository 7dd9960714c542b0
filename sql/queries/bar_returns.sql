-- bar_returns: one symbol's daily log returns, by the one definition `sf regress` uses too.
--
-- Purpose:    one row per bar of p_symbol dated on a trading day of sf.trading_days (a bar dated on a closed
--             day is not a session and is left out), with the price used and ret = ln(P_t / P_prev), where
--             prev is the trading day before t in the calendar. ret is NULL when that day has no bar (a missing
--             bar never becomes a return over two sessions) or a price is not positive. P is adj_close when
--             every such bar has a positive adj_close, else close for every bar (price_field says which): one
--             column for the whole series, never a mix of the two.
-- Parameters: p_symbol    text                     symbol in sf.market_bars ('^IXIC', 'AAPL', ...)
-- Returns:    symbol, trading_day, price, price_field, ret
-- Example:    SELECT * FROM sf.bar_returns('^IXIC');
-- Rule:       docs/research.md, "A day's return". Its C# twin is SentimentFactor.Core.Returns.DailyReturns; a
--             test checks that both give the identical series (gaps, closed-day bars, partial adj_close).
CREATE OR REPLACE FUNCTION sf.bar_returns(p_symbol text)
RETURNS TABLE (
    symbol      text,
    trading_day date,
    price       double precision,
    price_field text,
    ret         double precision)
LANGUAGE sql STABLE
AS $$
    WITH sessions AS (
        SELECT b.day, b.close, b.adj_close, t.previous_trading_day
        FROM sf.market_bars b
        JOIN sf.trading_days t ON t.day = b.day
        WHERE b.symbol = p_symbol
    ),
    field AS (
        SELECT coalesce(bool_and(coalesce(s.adj_close > 0, false)), false) AS adjusted
        FROM sessions s
    ),
    priced AS (
        SELECT s.day, s.previous_trading_day,
               CASE WHEN f.adjusted THEN s.adj_close ELSE s.close END AS px,
               CASE WHEN f.adjusted THEN 'adj_close' ELSE 'close' END AS field
        FROM sessions s
        CROSS JOIN field f
    )
    SELECT p_symbol, c.day, c.px, c.field,
           CASE WHEN c.px > 0 AND p.px > 0 THEN ln(c.px / p.px) END
    FROM priced c
    LEFT JOIN priced p ON p.day = c.previous_trading_day
    ORDER BY c.day
$$;
COMMENT ON FUNCTION sf.bar_returns(text) IS
    'Daily log returns of one symbol: trading-calendar adjacency, NULL next to a missing bar, one price column.';
