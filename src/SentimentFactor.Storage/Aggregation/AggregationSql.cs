namespace SentimentFactor.Storage.Aggregation;

/// <summary>The SQL of daily aggregation (sf.trading_calendar, sf.daily_sentiment), as raw-string constants.</summary>
internal static class AggregationSql
{
    public const string CreateCalendarStage = """
        CREATE TEMP TABLE trading_calendar_stage (
            day               date        NOT NULL,
            is_trading_day    boolean     NOT NULL,
            close_at          timestamptz,
            early_close       boolean     NOT NULL,
            closed_for        text,
            next_trading_day  date
        ) ON COMMIT DROP
        """;

    public const string CopyCalendarStage = """
        COPY trading_calendar_stage (day, is_trading_day, close_at, early_close, closed_for, next_trading_day)
        FROM STDIN (FORMAT BINARY)
        """;

    // Only rows that differ are touched, so an unchanged calendar is a no-op (no dead tuples, no row count).
    public const string MergeCalendar = """
        INSERT INTO sf.trading_calendar AS c (day, is_trading_day, close_at, early_close, closed_for, next_trading_day)
        SELECT day, is_trading_day, close_at, early_close, closed_for, next_trading_day FROM trading_calendar_stage
        ON CONFLICT (day) DO UPDATE
        SET is_trading_day = excluded.is_trading_day,
            close_at = excluded.close_at,
            early_close = excluded.early_close,
            closed_for = excluded.closed_for,
            next_trading_day = excluded.next_trading_day
        WHERE (c.is_trading_day, c.close_at, c.early_close, c.closed_for, c.next_trading_day)
              IS DISTINCT FROM
              (excluded.is_trading_day, excluded.close_at, excluded.early_close, excluded.closed_for, excluded.next_trading_day)
        """;

    public const string CalendarRowCount = """
        SELECT count(*) FROM sf.trading_calendar
        """;

    public const string ModelsWithScores = """
        SELECT m.model_id FROM sf.models m
        WHERE EXISTS (SELECT 1 FROM sf.post_scores s WHERE s.model_id = m.model_id)
        ORDER BY m.model_id
        """;

    public const string ModelLabels = """
        SELECT labels FROM sf.models WHERE model_id = @ModelId
        """;

    public const string HasScores = """
        SELECT EXISTS (SELECT 1 FROM sf.post_scores WHERE model_id = @ModelId)
        """;

    // Walks sf.posts in created_at order (index) and stops at the first post the model scored: cheap when most
    // posts are scored, which is the normal state after `sf score`.
    public const string FirstScoredPost = """
        SELECT p.created_at FROM sf.posts p
        WHERE EXISTS (SELECT 1 FROM sf.post_scores s
                      WHERE s.source = p.source AND s.post_id = p.post_id AND s.model_id = @ModelId)
        ORDER BY p.created_at
        LIMIT 1
        """;

    public const string LastScoredPost = """
        SELECT p.created_at FROM sf.posts p
        WHERE EXISTS (SELECT 1 FROM sf.post_scores s
                      WHERE s.source = p.source AND s.post_id = p.post_id AND s.model_id = @ModelId)
        ORDER BY p.created_at DESC
        LIMIT 1
        """;

    // Two recomputes of one model (nightly job and a manual run) would both delete and then collide on the
    // primary key when inserting; the second waits for the first's transaction instead.
    public const string LockModel = """
        SELECT pg_advisory_xact_lock(hashtext('sf.daily_sentiment'), hashtext(@ModelId)),
               set_config('work_mem', @WorkMem, true)
        """;

    public const string DeleteDays = """
        DELETE FROM sf.daily_sentiment
        WHERE model_id = @ModelId AND trading_day BETWEEN @From AND @To
        """;

    /// <summary>
    /// Recomputes the model's rows for the trading days @From..@To from the posts created in
    /// [@WindowStart, @WindowEnd) (the previous trading day's close to @To's close).
    /// </summary>
    /// <remarks>
    /// Assignment (docs/architecture.md, the 16:00 cut-off): a post belongs to the first trading day whose close is
    /// strictly after its created_at. With the batch's closes c1 &lt; c2 &lt; ... as the lower bounds of buckets, width_bucket gives 0
    /// before c1 and i for c_i &lt;= t &lt; c_i+1, so day[bucket + 1] is exactly that day: a post at 16:00:00 lands in
    /// the next day's bucket, one at 15:59:59 in its own. The closes come from sf.trading_calendar, which the
    /// store fills from NasdaqCalendar; no time zone arithmetic happens here.
    /// Two levels keep the per-post work small: posts are first grouped by (day, symbols array, raw label)
    /// with counts and probability sums, and only those groups are unnested into '*' plus each symbol (ingest
    /// stores symbols upper-case and de-duplicated) and mapped to negative/neutral/positive. Means are sums over
    /// counts in double precision. Trading days without posts get a zero row for '*' only.
    /// Retweets (posts.kind) are counted apart in n_retweets / n_rt_*; they enter n_pos..n_total and the means
    /// only when @CountRetweets (Aggregation:CountRetweets, docs/aggregation.md "Retweets").
    /// </remarks>
    public const string InsertDays = """
        WITH sessions AS (
            SELECT array_agg(close_at ORDER BY day) AS closes, array_agg(day ORDER BY day) AS days
            FROM sf.trading_calendar
            WHERE is_trading_day AND day BETWEEN @From AND @To
        ),
        grouped AS (
            SELECT w.days[width_bucket(p.created_at, w.closes) + 1] AS trading_day,
                   p.symbols,
                   s.label,
                   p.kind = 'retweet'              AS is_retweet,
                   count(*)                        AS n,
                   sum(s.p_pos::double precision)  AS sum_p_pos,
                   sum(s.p_neu::double precision)  AS sum_p_neu,
                   sum(s.p_neg::double precision)  AS sum_p_neg
            FROM sf.posts p
            JOIN sf.post_scores s ON s.source = p.source AND s.post_id = p.post_id
            CROSS JOIN sessions w
            WHERE s.model_id = @ModelId
              AND p.created_at >= @WindowStart AND p.created_at < @WindowEnd
            GROUP BY 1, 2, 3, 4
        ),
        labelled AS (
            SELECT g.trading_day, g.symbols, lower(g.label) AS label, g.is_retweet,
                   (NOT g.is_retweet OR @CountRetweets) AS counted,
                   g.n, g.sum_p_pos, g.sum_p_neu, g.sum_p_neg
            FROM grouped g
        ),
        counted AS (
            SELECT g.trading_day, sym.symbol,
                   coalesce(sum(g.n) FILTER (WHERE g.counted AND g.label = 'positive'), 0)::integer    AS n_pos,
                   coalesce(sum(g.n) FILTER (WHERE g.counted AND g.label = 'neutral'), 0)::integer     AS n_neu,
                   coalesce(sum(g.n) FILTER (WHERE g.counted AND g.label = 'negative'), 0)::integer    AS n_neg,
                   coalesce(sum(g.n) FILTER (WHERE g.counted), 0)::integer                             AS n_total,
                   sum(g.sum_p_pos) FILTER (WHERE g.counted) / nullif(sum(g.n) FILTER (WHERE g.counted), 0) AS mean_p_pos,
                   sum(g.sum_p_neu) FILTER (WHERE g.counted) / nullif(sum(g.n) FILTER (WHERE g.counted), 0) AS mean_p_neu,
                   sum(g.sum_p_neg) FILTER (WHERE g.counted) / nullif(sum(g.n) FILTER (WHERE g.counted), 0) AS mean_p_neg,
                   coalesce(sum(g.n) FILTER (WHERE g.is_retweet), 0)::integer                          AS n_retweets,
                   coalesce(sum(g.n) FILTER (WHERE g.is_retweet AND g.label = 'positive'), 0)::integer AS n_rt_pos,
                   coalesce(sum(g.n) FILTER (WHERE g.is_retweet AND g.label = 'neutral'), 0)::integer  AS n_rt_neu,
                   coalesce(sum(g.n) FILTER (WHERE g.is_retweet AND g.label = 'negative'), 0)::integer AS n_rt_neg
            FROM labelled g
            CROSS JOIN LATERAL unnest(array_prepend('*'::text, g.symbols)) AS sym (symbol)
            GROUP BY g.trading_day, sym.symbol
        )
        INSERT INTO sf.daily_sentiment (model_id, symbol, trading_day, n_pos, n_neu, n_neg, n_total,
                                        mean_p_pos, mean_p_neu, mean_p_neg, bullishness, net,
                                        n_retweets, n_rt_pos, n_rt_neu, n_rt_neg, retweets_counted, computed_at)
        SELECT @ModelId, c.symbol, c.trading_day, c.n_pos, c.n_neu, c.n_neg, c.n_total,
               c.mean_p_pos, c.mean_p_neu, c.mean_p_neg,
               -- Antweiler & Frank (2004); SentimentFactors.Bullishness / Net in Core say the same.
               ln((1 + c.n_pos)::double precision / (1 + c.n_neg)),
               (c.n_pos - c.n_neg)::double precision / nullif(c.n_total, 0),
               c.n_retweets, c.n_rt_pos, c.n_rt_neu, c.n_rt_neg, @CountRetweets,
               @ComputedAt
        FROM counted c
        UNION ALL
        SELECT @ModelId, '*', t.day, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, 0, @CountRetweets, @ComputedAt
        FROM sf.trading_calendar t
        WHERE t.is_trading_day AND t.day BETWEEN @From AND @To
          AND NOT EXISTS (SELECT 1 FROM counted c WHERE c.trading_day = t.day AND c.symbol = '*')
        """;

    public const string BarDays = """
        SELECT day FROM sf.market_bars WHERE symbol = @Symbol ORDER BY day
        """;
}
