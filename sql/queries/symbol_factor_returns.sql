-- symbol_factor_returns: the cross-section: each symbol's daily factor with its own returns.
--
-- Purpose:    one row per model, cashtag symbol and trading day t with at least p_min_posts posts of that
--             symbol, and a bar series in sf.market_bars: the counts, bullishness and net sentiment of the
--             symbol's posts, the symbol's own log return of day t (ret_same_day, close t-1 to close t) and of
--             the trading day p_horizon sessions after t (ret_ahead; h = 1: the next day). Returns come from
--             sf.bar_returns_panel, so a missing bar gives NULL, never a return over two sessions.
-- Parameters: p_model_id  text    DEFAULT NULL  model; NULL = every model
--             p_min_posts integer DEFAULT 1     minimum posts of the symbol on day t
--             p_from      date    DEFAULT NULL  first day t (inclusive)
--             p_to        date    DEFAULT NULL  last day t (inclusive)
--             p_horizon   integer DEFAULT 1     h: ret_ahead is the return of trading day t + h
-- Returns:    model_id, symbol, trading_day, n_total, n_pos, n_neu, n_neg, bullishness, net, ret_same_day,
--             ret_ahead
-- Example:    SELECT * FROM sf.symbol_factor_returns(p_min_posts => 5) WHERE symbol = 'AAPL';
-- Rule:       docs/architecture.md: the factor of day t (posts before the close of t) meets returns of t and later only;
--             docs/research.md, "A day's return" and "The cross-section".
CREATE OR REPLACE FUNCTION sf.symbol_factor_returns(
    p_model_id  text    DEFAULT NULL,
    p_min_posts integer DEFAULT 1,
    p_from      date    DEFAULT NULL,
    p_to        date    DEFAULT NULL,
    p_horizon   integer DEFAULT 1)
RETURNS TABLE (
    model_id     text,
    symbol       text,
    trading_day  date,
    n_total      integer,
    n_pos        integer,
    n_neu        integer,
    n_neg        integer,
    bullishness  double precision,
    net          double precision,
    ret_same_day double precision,
    ret_ahead    double precision)
LANGUAGE sql STABLE
AS $$
    WITH returns AS (
        SELECT r.symbol, r.trading_day, r.ret, t.ordinal
        FROM sf.bar_returns_panel(
                 ARRAY(SELECT DISTINCT d.symbol FROM sf.daily_sentiment d
                       WHERE d.symbol <> '*' AND (p_model_id IS NULL OR d.model_id = p_model_id))) r
        JOIN sf.trading_days t ON t.day = r.trading_day
    )
    SELECT d.model_id, d.symbol, d.trading_day, d.n_total, d.n_pos, d.n_neu, d.n_neg, d.bullishness, d.net,
           same.ret, ahead.ret
    FROM sf.daily_sentiment d
    JOIN sf.trading_days t ON t.day = d.trading_day
    LEFT JOIN returns same ON same.symbol = d.symbol AND same.trading_day = d.trading_day
    LEFT JOIN returns ahead ON ahead.symbol = d.symbol AND ahead.ordinal = t.ordinal + p_horizon
    WHERE d.symbol <> '*'
      AND (p_model_id IS NULL OR d.model_id = p_model_id)
      AND d.n_total >= p_min_posts
      AND (p_from IS NULL OR d.trading_day >= p_from)
      AND (p_to IS NULL OR d.trading_day <= p_to)
      AND EXISTS (SELECT 1 FROM sf.market_bars b WHERE b.symbol = d.symbol)
    ORDER BY d.model_id, d.trading_day, d.symbol
$$;
COMMENT ON FUNCTION sf.symbol_factor_returns(text, integer, date, date, integer) IS
    'Each cashtag''s daily factor with its own same-day and h-day-ahead log returns (the cross-section panel).';
