-- factor_returns: the daily sentiment factor next to the benchmark's log returns, same day and next day.
--
-- Purpose:    one row per model and trading day (symbol '*' = all posts, or one cashtag) with the counts,
--             bullishness and net sentiment of sf.daily_sentiment and the benchmark's close-to-close log
--             returns from sf.bar_returns: ret_same_day = ln(P_t / P_t-1), ret_next_day = ln(P_t+1 / P_t),
--             with P = adj_close when every bar of the benchmark has one, else close (one column for the whole
--             series); a return is NULL when either bar is missing.
-- Parameters: p_model_id  text  DEFAULT NULL    model whose factor to read; NULL = every model (rows name it)
--             p_symbol    text  DEFAULT '*'     '*' for all posts, or a cashtag such as 'AAPL'
--             p_benchmark text  DEFAULT '^IXIC' symbol in sf.market_bars ('^NDX', 'QQQ', ...)
-- Returns:    model_id, symbol, trading_day, n_total, n_pos, n_neu, n_neg, bullishness, net, benchmark,
--             benchmark_close, ret_same_day, ret_next_day
-- Example:    SELECT * FROM sf.factor_returns(p_model_id => 'e3b0c442...', p_benchmark => '^IXIC');
-- Rule:       docs/architecture.md: sentiment of day t is compared with the return of day t (close t-1 to close t) and,
--             for prediction, with the return of day t+1. "Previous" and "next" are trading days of
--             sf.trading_days, never calendar days, so a missing bar gives NULL rather than a two-day return
--             (docs/research.md, "A day's return": the definition `sf regress` shares).
CREATE OR REPLACE FUNCTION sf.factor_returns(
    p_model_id  text DEFAULT NULL,
    p_symbol    text DEFAULT '*',
    p_benchmark text DEFAULT '^IXIC')
RETURNS TABLE (
    model_id        text,
    symbol          text,
    trading_day     date,
    n_total         integer,
    n_pos           integer,
    n_neu           integer,
    n_neg           integer,
    bullishness     double precision,
    net             double precision,
    benchmark       text,
    benchmark_close double precision,
    ret_same_day    double precision,
    ret_next_day    double precision)
LANGUAGE sql STABLE
AS $$
    SELECT d.model_id, d.symbol, d.trading_day, d.n_total, d.n_pos, d.n_neu, d.n_neg, d.bullishness, d.net,
           p_benchmark, c.price, c.ret, n.ret
    FROM sf.daily_sentiment d
    LEFT JOIN sf.trading_days t ON t.day = d.trading_day
    LEFT JOIN sf.bar_returns(p_benchmark) c ON c.trading_day = d.trading_day
    LEFT JOIN sf.bar_returns(p_benchmark) n ON n.trading_day = t.next_trading_day
    WHERE (p_model_id IS NULL OR d.model_id = p_model_id)
      AND d.symbol = p_symbol
    ORDER BY d.model_id, d.trading_day
$$;
COMMENT ON FUNCTION sf.factor_returns(text, text, text) IS
    'Daily factor per model with the benchmark''s same-day and next-day log returns (trading-day aligned).';
