-- 063: sf.daily_counts, the query library's view of the daily factor with or without retweets; the text below is
-- sql/queries/daily_counts.sql verbatim (a test checks it).

-- daily_counts: the daily counts and factor with retweets left out (each distinct post once) or counted.
--
-- Purpose:    one row per model, symbol and trading day from sf.daily_sentiment, read either way whatever
--             Aggregation:CountRetweets was when the rows were computed: p_count_retweets false gives the counts
--             of distinct posts (retweets only in n_retweets), true adds the retweets to n_pos/n_neu/n_neg.
--             bullishness and net are recomputed from the counts returned.
-- Parameters: p_model_id       text    DEFAULT NULL  model to read; NULL = every model (rows name it)
--             p_symbol         text    DEFAULT '*'   '*' for all posts, or a cashtag such as 'AAPL'
--             p_count_retweets boolean DEFAULT false true: retweets count as posts of their own
-- Returns:    model_id, symbol, trading_day, n_total, n_pos, n_neu, n_neg, n_retweets, retweets_counted,
--             bullishness, net
-- Example:    SELECT * FROM sf.daily_counts(p_symbol => 'AAPL', p_count_retweets => true);
-- Rule:       docs/aggregation.md, "Retweets": the factor counts each distinct post once by default; a retweet
--             repeats a post already counted. bullishness = ln((1 + n_pos) / (1 + n_neg)) (Antweiler & Frank
--             2004), net = (n_pos - n_neg) / n_total, NULL without posts.
CREATE OR REPLACE FUNCTION sf.daily_counts(
    p_model_id       text    DEFAULT NULL,
    p_symbol         text    DEFAULT '*',
    p_count_retweets boolean DEFAULT false)
RETURNS TABLE (
    model_id         text,
    symbol           text,
    trading_day      date,
    n_total          integer,
    n_pos            integer,
    n_neu            integer,
    n_neg            integer,
    n_retweets       integer,
    retweets_counted boolean,
    bullishness      double precision,
    net              double precision)
LANGUAGE sql STABLE
AS $$
    WITH adjusted AS (
        SELECT d.model_id, d.symbol, d.trading_day, d.n_retweets,
               -- +1 adds the retweets to rows computed without them, -1 takes them out of rows that hold them.
               CASE WHEN p_count_retweets = d.retweets_counted THEN 0 WHEN p_count_retweets THEN 1 ELSE -1 END AS k,
               d.n_pos, d.n_neu, d.n_neg, d.n_total, d.n_rt_pos, d.n_rt_neu, d.n_rt_neg
        FROM sf.daily_sentiment d
        WHERE (p_model_id IS NULL OR d.model_id = p_model_id)
          AND d.symbol = p_symbol
    ),
    counts AS (
        SELECT a.model_id, a.symbol, a.trading_day, a.n_retweets,
               a.n_pos + a.k * a.n_rt_pos AS n_pos,
               a.n_neu + a.k * a.n_rt_neu AS n_neu,
               a.n_neg + a.k * a.n_rt_neg AS n_neg,
               a.n_total + a.k * a.n_retweets AS n_total
        FROM adjusted a
    )
    SELECT c.model_id, c.symbol, c.trading_day, c.n_total, c.n_pos, c.n_neu, c.n_neg, c.n_retweets, p_count_retweets,
           ln((1 + c.n_pos)::double precision / (1 + c.n_neg)),
           CASE WHEN c.n_total > 0 THEN (c.n_pos - c.n_neg)::double precision / c.n_total END
    FROM counts c
    ORDER BY c.model_id, c.trading_day
$$;
COMMENT ON FUNCTION sf.daily_counts(text, text, boolean) IS
    'Daily counts and factor per model with retweets left out (default) or counted, whatever the stored setting.';
