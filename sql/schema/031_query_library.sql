-- 031: the SQL factor library, installed as functions in schema sf. Each function's readable source, with
-- its header (purpose, parameters, example call, rule), is the file of the same name in sql/queries/; this
-- migration holds those files verbatim as they were when it was written (a test checks they still match).

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
-- Rule:       docs/architecture.md: sentiment of day t is compared with the return of day t (close t-1 to close t) and,
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

-- seed_study: the seed idea's table: how often the benchmark rose after mostly-positive days vs after others.
--
-- Purpose:    splits each model's trading days (symbol '*') into 'mostly positive' and 'other' and, per group,
--             counts the days with a known next-day return, the share of them on which the benchmark rose the
--             next trading day (ret_next_day > 0), the mean next-day log return, and the same for the same-day
--             return. A day is mostly positive when n_pos > n_neg (p_rule 'net', the default) or when
--             n_pos > n_total / 2 (p_rule 'majority'); days without posts are 'other'.
-- Parameters: p_model_id  text DEFAULT NULL    model; NULL = every model
--             p_benchmark text DEFAULT '^IXIC' symbol in sf.market_bars
--             p_rule      text DEFAULT 'net'   'net' or 'majority'
-- Returns:    model_id, day_kind, n_days, n_up_next, share_up_next, mean_ret_next, n_up_same, share_up_same
-- Example:    SELECT * FROM sf.seed_study(p_benchmark => 'QQQ', p_rule => 'majority');
-- Rule:       docs/architecture.md: sentiment of day t (posts before day t's close) is compared with the return of
--             day t+1 for prediction; nothing uses data from after the day it predicts.
CREATE OR REPLACE FUNCTION sf.seed_study(
    p_model_id  text DEFAULT NULL,
    p_benchmark text DEFAULT '^IXIC',
    p_rule      text DEFAULT 'net')
RETURNS TABLE (
    model_id      text,
    day_kind      text,
    n_days        bigint,
    n_up_next     bigint,
    share_up_next double precision,
    mean_ret_next double precision,
    n_up_same     bigint,
    share_up_same double precision)
LANGUAGE plpgsql STABLE
AS $$
BEGIN
    IF p_rule IS NULL OR p_rule NOT IN ('net', 'majority') THEN
        RAISE EXCEPTION 'seed_study: unknown rule %', quote_literal(p_rule)
            USING HINT = 'Use ''net'' (n_pos > n_neg) or ''majority'' (n_pos > n_total / 2).';
    END IF;

    RETURN QUERY
    WITH days AS (
        SELECT r.model_id, r.ret_same_day, r.ret_next_day,
               CASE WHEN (p_rule = 'net' AND r.n_pos > r.n_neg)
                      OR (p_rule = 'majority' AND 2 * r.n_pos > r.n_total)
                    THEN 'mostly positive' ELSE 'other' END AS day_kind
        FROM sf.factor_returns(p_model_id, '*', p_benchmark) r
        WHERE r.ret_next_day IS NOT NULL
    )
    SELECT d.model_id, d.day_kind, count(*),
           count(*) FILTER (WHERE d.ret_next_day > 0),
           avg((d.ret_next_day > 0)::integer::double precision),
           avg(d.ret_next_day),
           count(*) FILTER (WHERE d.ret_same_day > 0),
           avg((d.ret_same_day > 0)::integer::double precision)
    FROM days d
    GROUP BY d.model_id, d.day_kind
    ORDER BY d.model_id, d.day_kind;
END
$$;
COMMENT ON FUNCTION sf.seed_study(text, text, text) IS
    'Share of up days after mostly-positive days vs after other days, per model (the seed study''s table).';
