-- 080: reinstalls sf.factor_panel and sf.factor_zscore unchanged in behaviour, so that their text (sql/queries,
-- which a test checks against the migrations verbatim) cites docs/architecture.md, the repository's own design
-- record. (Migration 031's own comments were corrected later; a comment is not part of a migration's checksum.)

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

-- factor_zscore: rolling z-score of a daily factor over the last N trading days.
--
-- Purpose:    for each model, symbol and trading day: the factor's value, the mean and sample standard
--             deviation over the window of the last p_window trading days ending with that day (inclusive),
--             and z = (value - mean) / sd. The window counts trading days of sf.trading_days, not rows, so
--             a symbol's days without posts shorten n_obs instead of stretching the window back in time.
--             zscore is NULL until the window holds p_window non-NULL values, and when sd = 0.
-- Parameters: p_window    integer                  N, the window length in trading days (at least 2)
--             p_model_id  text    DEFAULT NULL     model; NULL = every model
--             p_symbol    text    DEFAULT '*'      '*' for all posts, or a cashtag
--             p_factor    text    DEFAULT 'bullishness'  one of bullishness, net, n_total, mean_p_pos,
--                                                  mean_p_neu, mean_p_neg
-- Returns:    model_id, symbol, trading_day, value, rolling_mean, rolling_sd, zscore, n_obs
-- Example:    SELECT * FROM sf.factor_zscore(p_window => 20, p_factor => 'net');
-- Rule:       docs/architecture.md: nothing uses data from after the day it predicts; the window of day t ends at t.
CREATE OR REPLACE FUNCTION sf.factor_zscore(
    p_window   integer,
    p_model_id text DEFAULT NULL,
    p_symbol   text DEFAULT '*',
    p_factor   text DEFAULT 'bullishness')
RETURNS TABLE (
    model_id     text,
    symbol       text,
    trading_day  date,
    value        double precision,
    rolling_mean double precision,
    rolling_sd   double precision,
    zscore       double precision,
    n_obs        integer)
LANGUAGE plpgsql STABLE
AS $$
BEGIN
    IF p_window IS NULL OR p_window < 2 THEN
        RAISE EXCEPTION 'factor_zscore: p_window must be at least 2 trading days, was %', p_window
            USING HINT = 'Pass p_window => 20 for a month of trading days.';
    END IF;
    IF p_factor NOT IN ('bullishness', 'net', 'n_total', 'mean_p_pos', 'mean_p_neu', 'mean_p_neg') THEN
        RAISE EXCEPTION 'factor_zscore: unknown factor %', quote_literal(p_factor)
            USING HINT = 'Use bullishness, net, n_total, mean_p_pos, mean_p_neu or mean_p_neg.';
    END IF;

    RETURN QUERY
    WITH v AS (
        SELECT d.model_id, d.symbol, d.trading_day, t.ordinal,
               CASE p_factor
                   WHEN 'bullishness' THEN d.bullishness
                   WHEN 'net' THEN d.net
                   WHEN 'n_total' THEN d.n_total::double precision
                   WHEN 'mean_p_pos' THEN d.mean_p_pos
                   WHEN 'mean_p_neu' THEN d.mean_p_neu
                   WHEN 'mean_p_neg' THEN d.mean_p_neg
               END AS value
        FROM sf.daily_sentiment d
        JOIN sf.trading_days t ON t.day = d.trading_day
        WHERE (p_model_id IS NULL OR d.model_id = p_model_id)
          AND d.symbol = p_symbol
    ),
    w AS (
        SELECT v.model_id, v.symbol, v.trading_day, v.value,
               avg(v.value) OVER win          AS rolling_mean,
               stddev_samp(v.value) OVER win  AS rolling_sd,
               count(v.value) OVER win        AS n_obs
        FROM v
        WINDOW win AS (PARTITION BY v.model_id, v.symbol ORDER BY v.ordinal
                       RANGE BETWEEN (p_window - 1)::bigint PRECEDING AND CURRENT ROW)
    )
    SELECT w.model_id, w.symbol, w.trading_day, w.value, w.rolling_mean, w.rolling_sd,
           CASE WHEN w.n_obs = p_window AND w.rolling_sd > 0
                THEN (w.value - w.rolling_mean) / w.rolling_sd END,
           w.n_obs::integer
    FROM w
    ORDER BY w.model_id, w.symbol, w.trading_day;
END
$$;
COMMENT ON FUNCTION sf.factor_zscore(integer, text, text, text) IS
    'Rolling z-score of a daily factor over the last N trading days (window ends on the day itself).';
