-- seed_study: the seed idea's table: how often the benchmark rose after mostly-positive days vs after others.
--
-- Purpose:    splits each model's trading days (symbol p_symbol, '*' = all posts) with at least p_min_posts
--             posts and a known next-day return into 'mostly positive' and 'other' and, per group, counts the
--             days, the share of them on which the benchmark rose the next trading day (ret_next_day > 0), the
--             mean next-day log return, and the same for the same-day return. A day is mostly positive when
--             n_pos > n_neg (p_rule 'net', the default: more positive than negative posts) or when
--             n_pos > n_total / 2 (p_rule 'majority', rare on real tweet sets, where most posts are neutral).
--             `sf regress --seed-rule R --min-posts M` counts exactly these days.
-- Parameters: p_model_id  text    DEFAULT NULL    model; NULL = every model
--             p_benchmark text    DEFAULT '^IXIC' symbol in sf.market_bars
--             p_rule      text    DEFAULT 'net'   'net' or 'majority'
--             p_min_posts integer DEFAULT 1       days with fewer posts are left out
--             p_symbol    text    DEFAULT '*'     '*' for all posts, or a cashtag
--             p_from      date    DEFAULT NULL    first day t (inclusive); NULL = from the start
--             p_to        date    DEFAULT NULL    last day t (inclusive); NULL = to the end
-- Returns:    model_id, day_kind, n_days, n_up_next, share_up_next, mean_ret_next, n_up_same, share_up_same
-- Example:    SELECT * FROM sf.seed_study(p_benchmark => 'QQQ', p_rule => 'majority');
-- Rule:       docs/architecture.md: sentiment of day t (posts before day t's close) is compared with the return of
--             day t+1 for prediction; nothing uses data from after the day it predicts.
CREATE OR REPLACE FUNCTION sf.seed_study(
    p_model_id  text    DEFAULT NULL,
    p_benchmark text    DEFAULT '^IXIC',
    p_rule      text    DEFAULT 'net',
    p_min_posts integer DEFAULT 1,
    p_symbol    text    DEFAULT '*',
    p_from      date    DEFAULT NULL,
    p_to        date    DEFAULT NULL)
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
        FROM sf.factor_returns(p_model_id, p_symbol, p_benchmark) r
        WHERE r.ret_next_day IS NOT NULL
          AND r.n_total >= p_min_posts
          AND (p_from IS NULL OR r.trading_day >= p_from)
          AND (p_to IS NULL OR r.trading_day <= p_to)
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
COMMENT ON FUNCTION sf.seed_study(text, text, text, integer, text, date, date) IS
    'Share of up days after mostly-positive days vs after other days, per model (the seed study''s table).';
