-- daily_ic: the factor's daily information coefficient across symbols (Spearman rank correlation).
--
-- Purpose:    for each model and trading day t, Spearman's rho between the symbols' factor of day t and their
--             own log returns of day t + p_horizon (sf.symbol_factor_returns), ties given their average rank;
--             days with fewer than p_min_symbols symbols, or where either side is constant, have no row.
--             `sf crosssection` computes the same series (a test checks they agree).
-- Parameters: p_model_id    text    DEFAULT NULL           model; NULL = every model
--             p_factor      text    DEFAULT 'bullishness'  bullishness, net, share_pos, share_neg or log_volume
--             p_horizon     integer DEFAULT 1              h
--             p_min_posts   integer DEFAULT 1              minimum posts of a symbol on day t
--             p_min_symbols integer DEFAULT 5              minimum symbols on day t
--             p_from        date    DEFAULT NULL           first day t (inclusive)
--             p_to          date    DEFAULT NULL           last day t (inclusive)
-- Returns:    model_id, trading_day, n_symbols, ic
-- Example:    SELECT avg(ic), count(*) FROM sf.daily_ic(p_factor => 'net', p_min_posts => 3);
-- Rule:       docs/research.md, "The cross-section": factor of day t against returns of t + h only.
CREATE OR REPLACE FUNCTION sf.daily_ic(
    p_model_id    text    DEFAULT NULL,
    p_factor      text    DEFAULT 'bullishness',
    p_horizon     integer DEFAULT 1,
    p_min_posts   integer DEFAULT 1,
    p_min_symbols integer DEFAULT 5,
    p_from        date    DEFAULT NULL,
    p_to          date    DEFAULT NULL)
RETURNS TABLE (
    model_id    text,
    trading_day date,
    n_symbols   integer,
    ic          double precision)
LANGUAGE plpgsql STABLE
AS $$
BEGIN
    IF p_factor IS NULL OR p_factor NOT IN ('bullishness', 'net', 'share_pos', 'share_neg', 'log_volume') THEN
        RAISE EXCEPTION 'daily_ic: unknown factor %', quote_literal(p_factor)
            USING HINT = 'Use bullishness, net, share_pos, share_neg or log_volume.';
    END IF;

    RETURN QUERY
    WITH panel AS (
        SELECT r.model_id, r.trading_day,
               CASE p_factor
                   WHEN 'bullishness' THEN r.bullishness
                   WHEN 'net' THEN (r.n_pos - r.n_neg)::double precision / nullif(r.n_total, 0)
                   WHEN 'share_pos' THEN r.n_pos::double precision / nullif(r.n_total, 0)
                   WHEN 'share_neg' THEN r.n_neg::double precision / nullif(r.n_total, 0)
                   WHEN 'log_volume' THEN ln(1 + r.n_total)
               END AS f,
               r.ret_ahead AS y
        FROM sf.symbol_factor_returns(p_model_id, p_min_posts, p_from, p_to, p_horizon) r
        WHERE r.ret_ahead IS NOT NULL
    ),
    ranked AS (
        SELECT p.model_id, p.trading_day,
               (rank() OVER (PARTITION BY p.model_id, p.trading_day ORDER BY p.f)
                + (count(*) OVER (PARTITION BY p.model_id, p.trading_day, p.f) - 1) / 2.0)::double precision AS rf,
               (rank() OVER (PARTITION BY p.model_id, p.trading_day ORDER BY p.y)
                + (count(*) OVER (PARTITION BY p.model_id, p.trading_day, p.y) - 1) / 2.0)::double precision AS ry,
               count(*) OVER (PARTITION BY p.model_id, p.trading_day) AS n
        FROM panel p
        WHERE p.f IS NOT NULL
    )
    SELECT k.model_id, k.trading_day, k.n::integer, corr(k.rf, k.ry)
    FROM ranked k
    WHERE k.n >= greatest(p_min_symbols, 2)
    GROUP BY k.model_id, k.trading_day, k.n
    HAVING corr(k.rf, k.ry) IS NOT NULL
    ORDER BY k.model_id, k.trading_day;
END
$$;
COMMENT ON FUNCTION sf.daily_ic(text, text, integer, integer, integer, date, date) IS
    'Daily Spearman rank IC of a factor of day t against the symbols'' own returns of day t + h.';
