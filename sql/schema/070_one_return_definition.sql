-- 070: one definition of a day's return (docs/research.md, "A day's return"), shared by `sf regress` and the
-- SQL library. sf.bar_returns computes it; sf.factor_returns now reads its returns from there (031's version
-- took coalesce(adj_close, close) bar by bar, so a series where only some bars had adj_close got spurious
-- returns); sf.seed_study gains p_min_posts, p_symbol, p_from and p_to so it counts exactly the days
-- `sf regress` counts. The function bodies below are sql/queries/*.sql verbatim (a test checks they match).

-- The old three-argument seed_study would stay beside the new one as an overload: drop it first.
DROP FUNCTION IF EXISTS sf.seed_study(text, text, text);

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
    WITH sessions AS (
        SELECT b.day, b.close, b.adj_close, t.previous_trading_day
        FROM sf.market_bars b
        JOIN sf.trading_days t ON t.day = b.day
        WHERE b.symbol = p_symbol
    ),
    field AS (
        SELECT coalesce(bool_and(coalesce(s.adj_close > 0, false)), false) AS adjusted
        FROM sessions s
    ),
    priced AS (
        SELECT s.day, s.previous_trading_day,
               CASE WHEN f.adjusted THEN s.adj_close ELSE s.close END AS px,
               CASE WHEN f.adjusted THEN 'adj_close' ELSE 'close' END AS field
        FROM sessions s
        CROSS JOIN field f
    )
    SELECT p_symbol, c.day, c.px, c.field,
           CASE WHEN c.px > 0 AND p.px > 0 THEN ln(c.px / p.px) END
    FROM priced c
    LEFT JOIN priced p ON p.day = c.previous_trading_day
    ORDER BY c.day
$$;
COMMENT ON FUNCTION sf.bar_returns(text) IS
    'Daily log returns of one symbol: trading-calendar adjacency, NULL next to a missing bar, one price column.';

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
