-- factor_returns: the daily sentiment factor next to the benchmark's log returns, same day and next day.
--
-- Purpose:    one row per model and trading day (symbol '*' = all posts, or one cashtag) with the counts,
--             bullishness and net sentiment of sf.daily_sentiment and the benchmark's close-to-close log
--             returns: ret_same_day = ln(close_t / close_t-1), ret_next_day = ln(close_t+1 / close_t).
--             Prices are adj_close where present, else close; a return is NULL when either bar is missing.
-- Parameters: p_model_id  text  DEFAULT NULL    model whose factor to read; NULL = every model (rows name it)
--             p_symbol    text  DEFAULT '*'     '*' for all posts, or a cashtag such as 'AAPL'
--             p_benchmark text  DEFAULT '^IXIC' symbol in sf.market_bars ('^NDX', 'QQQ', ...)
-- Returns:    model_id, symbol, trading_day, n_total, n_pos, n_neu, n_neg, bullishness, net, benchmark,
--             benchmark_close, ret_same_day, ret_next_day
-- Example:    SELECT * FROM sf.factor_returns(p_model_id => 'e3b0c442...', p_benchmark => '^IXIC');
-- Rule:       DESIGN.md: sentiment of day t is compared with the return of day t (close t-1 to close t) and,
--             for prediction, with the return of day t+1. "Previous" and "next" are trading days of
--             sf.trading_days, never calendar days, so a missing bar gives NULL rather than a two-day return.
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
    WITH bars AS (
        SELECT t.day, t.previous_trading_day, t.next_trading_day, coalesce(b.adj_close, b.close) AS px
        FROM sf.trading_days t
        JOIN sf.market_bars b ON b.symbol = p_benchmark AND b.day = t.day
    ),
    returns AS (
        SELECT c.day, c.px, ln(c.px / p.px) AS ret_same_day, ln(n.px / c.px) AS ret_next_day
        FROM bars c
        LEFT JOIN bars p ON p.day = c.previous_trading_day
        LEFT JOIN bars n ON n.day = c.next_trading_day
    )
    SELECT d.model_id, d.symbol, d.trading_day, d.n_total, d.n_pos, d.n_neu, d.n_neg, d.bullishness, d.net,
           p_benchmark, r.px, r.ret_same_day, r.ret_next_day
    FROM sf.daily_sentiment d
    LEFT JOIN returns r ON r.day = d.trading_day
    WHERE (p_model_id IS NULL OR d.model_id = p_model_id)
      AND d.symbol = p_symbol
    ORDER BY d.model_id, d.trading_day
$$;
COMMENT ON FUNCTION sf.factor_returns(text, text, text) IS
    'Daily factor per model with the benchmark''s same-day and next-day log returns (trading-day aligned).';
