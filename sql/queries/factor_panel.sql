-- factor_panel: the per-symbol (cashtag) factor panel, one row per model, trading day and symbol.
--
-- Purpose:    the cross-section researchers regress on: each cashtag's counts, bullishness, net sentiment and
--             mean probabilities per trading day, and its share of that day's posts (n_total of the symbol
--             over n_total of '*'). Symbols with fewer than p_min_posts posts that day are left out.
-- Parameters: p_model_id  text    DEFAULT NULL  model; NULL = every model
--             p_from      date    DEFAULT NULL  first trading day (inclusive); NULL = from the start
--             p_to        date    DEFAULT NULL  last trading day (inclusive); NULL = to the end
--             p_min_posts integer DEFAULT 1     minimum posts of the symbol on the day
-- Returns:    model_id, trading_day, symbol, n_total, n_pos, n_neu, n_neg, bullishness, net, mean_p_pos,
--             mean_p_neu, mean_p_neg, share_of_posts
-- Example:    SELECT * FROM sf.factor_panel(p_from => DATE '2024-01-01', p_min_posts => 5);
-- Rule:       docs/architecture.md: a post counts for the trading day whose close it precedes; every row names its model.
CREATE OR REPLACE FUNCTION sf.factor_panel(
    p_model_id  text    DEFAULT NULL,
    p_from      date    DEFAULT NULL,
    p_to        date    DEFAULT NULL,
    p_min_posts integer DEFAULT 1)
RETURNS TABLE (
    model_id       text,
    trading_day    date,
    symbol         text,
    n_total        integer,
    n_pos          integer,
    n_neu          integer,
    n_neg          integer,
    bullishness    double precision,
    net            double precision,
    mean_p_pos     double precision,
    mean_p_neu     double precision,
    mean_p_neg     double precision,
    share_of_posts double precision)
LANGUAGE sql STABLE
AS $$
    SELECT s.model_id, s.trading_day, s.symbol, s.n_total, s.n_pos, s.n_neu, s.n_neg, s.bullishness, s.net,
           s.mean_p_pos, s.mean_p_neu, s.mean_p_neg,
           s.n_total::double precision / nullif(a.n_total, 0)
    FROM sf.daily_sentiment s
    LEFT JOIN sf.daily_sentiment a
           ON a.model_id = s.model_id AND a.trading_day = s.trading_day AND a.symbol = '*'
    WHERE s.symbol <> '*'
      AND (p_model_id IS NULL OR s.model_id = p_model_id)
      AND (p_from IS NULL OR s.trading_day >= p_from)
      AND (p_to IS NULL OR s.trading_day <= p_to)
      AND s.n_total >= p_min_posts
    ORDER BY s.model_id, s.trading_day, s.symbol
$$;
COMMENT ON FUNCTION sf.factor_panel(text, date, date, integer) IS
    'Per-cashtag daily factor panel with each symbol''s share of the day''s posts.';
