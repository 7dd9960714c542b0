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
    -- The definition is written once, in sf.bar_returns_panel (migration 071).
    SELECT r.symbol, r.trading_day, r.price, r.price_field, r.ret
    FROM sf.bar_returns_panel(ARRAY[p_symbol]) r
    ORDER BY r.trading_day
$$;
COMMENT ON FUNCTION sf.bar_returns(text) IS
    'Daily log returns of one symbol: trading-calendar adjacency, NULL next to a missing bar, one price column.';
