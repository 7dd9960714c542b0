-- 071: the cross-section. sf.bar_returns_panel holds the one return definition for many symbols at once, and
-- sf.bar_returns (070) now reads it, so the SQL definition is written once; sf.symbol_factor_returns pairs each
-- symbol's factor with its own returns; sf.daily_ic is the daily rank IC; sf.crosssection_runs stores the runs
-- of `sf crosssection` as sf.regression_runs stores those of `sf regress`. The function bodies are
-- sql/queries/*.sql verbatim (a test checks they match).

CREATE TABLE sf.crosssection_runs (
    run_id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at   timestamptz NOT NULL DEFAULT now(),
    model_id     text        NOT NULL,
    factor       text        NOT NULL,
    horizon      integer     NOT NULL,
    symbols      integer     NOT NULL,  -- symbols in the panel
    first_day    date        NOT NULL,  -- first and last factor day t of the panel
    last_day     date        NOT NULL,
    observations integer     NOT NULL,  -- symbol-days with a factor and a return at the horizon
    spec         jsonb       NOT NULL,
    results      jsonb       NOT NULL,
    code_version text        NOT NULL
);
CREATE INDEX crosssection_runs_model_idx ON sf.crosssection_runs (model_id, created_at DESC);

-- bar_returns_panel: daily log returns of many symbols at once, each by the one definition (sf.bar_returns).
--
-- Purpose:    for every symbol of p_symbols (NULL = every symbol in sf.market_bars), one row per bar dated on
--             a trading day of sf.trading_days (bars on closed days are not sessions and are left out): the
--             price used and ret = ln(P_t / P_prev), prev the trading day before t in the calendar; NULL when
--             that day has no bar of the symbol or a price is not positive. Each symbol uses adj_close when
--             every one of its session bars has a positive adj_close, else close (price_field says which).
-- Parameters: p_symbols   text[]  DEFAULT NULL     symbols; NULL = all
-- Returns:    symbol, trading_day, price, price_field, ret
-- Example:    SELECT * FROM sf.bar_returns_panel(ARRAY['AAPL', 'MSFT']);
-- Rule:       docs/research.md, "A day's return" (C#: SentimentFactor.Core.Returns.DailyReturns, tested equal).
CREATE OR REPLACE FUNCTION sf.bar_returns_panel(p_symbols text[] DEFAULT NULL)
RETURNS TABLE (
    symbol      text,
    trading_day date,
    price       double precision,
    price_field text,
    ret         double precision)
LANGUAGE sql STABLE
AS $$
    WITH sessions AS (
        SELECT b.symbol, b.day, b.close, b.adj_close, t.previous_trading_day,
               bool_and(coalesce(b.adj_close > 0, false)) OVER (PARTITION BY b.symbol) AS adjusted
        FROM sf.market_bars b
        JOIN sf.trading_days t ON t.day = b.day
        WHERE p_symbols IS NULL OR b.symbol = ANY (p_symbols)
    ),
    priced AS (
        SELECT s.symbol, s.day, s.previous_trading_day,
               CASE WHEN s.adjusted THEN s.adj_close ELSE s.close END AS px,
               CASE WHEN s.adjusted THEN 'adj_close' ELSE 'close' END AS field
        FROM sessions s
    )
    SELECT c.symbol, c.day, c.px, c.field,
           CASE WHEN c.px > 0 AND p.px > 0 THEN ln(c.px / p.px) END
    FROM priced c
    LEFT JOIN priced p ON p.symbol = c.symbol AND p.day = c.previous_trading_day
    ORDER BY c.symbol, c.day
$$;
COMMENT ON FUNCTION sf.bar_returns_panel(text[]) IS
    'Daily log returns of many symbols (one definition: calendar adjacency, NULL next to a missing bar, one price column per symbol).';

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

-- Explicit, though 032's default privileges already cover objects the migrating role creates.
GRANT SELECT ON sf.crosssection_runs TO sf_reader;
GRANT EXECUTE ON FUNCTION sf.bar_returns_panel(text[]) TO sf_reader;
GRANT EXECUTE ON FUNCTION sf.symbol_factor_returns(text, integer, date, date, integer) TO sf_reader;
GRANT EXECUTE ON FUNCTION sf.daily_ic(text, text, integer, integer, integer, date, date) TO sf_reader;
