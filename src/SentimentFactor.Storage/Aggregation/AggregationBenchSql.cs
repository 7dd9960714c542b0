namespace SentimentFactor.Storage.Aggregation;

/// <summary>SQL of `sf bench aggregate`: synthetic scored posts generated inside PostgreSQL, and the baseline's read.</summary>
internal static class AggregationBenchSql
{
    public const string AddModel = """
        INSERT INTO sf.models (model_id, name, kind, labels)
        VALUES (@ModelId, 'bench', 'lexicon', ARRAY['negative', 'neutral', 'positive'])
        ON CONFLICT (model_id) DO NOTHING
        """;

    // Posts uniformly spread over [@WindowStart, @WindowEnd) in random order (as ingest interleaves sources);
    // a quarter without cashtag, the rest with one or two of twenty NASDAQ tickers.
    public const string GeneratePosts = """
        INSERT INTO sf.posts (source, post_id, created_at, text, symbols)
        SELECT 'bench', i::text,
               @WindowStart + (@WindowEnd - @WindowStart) * random(),
               'bench post',
               CASE i % 4
                   WHEN 0 THEN '{}'::text[]
                   WHEN 1 THEN ARRAY[t.s[1 + i % 20]]
                   WHEN 2 THEN ARRAY[t.s[1 + i % 20], t.s[1 + (i + 7) % 20]]
                   ELSE ARRAY[t.s[1 + (i / 4) % 20]]
               END
        FROM generate_series(1::bigint, @Posts) AS i,
             (SELECT ARRAY['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'TSLA', 'AVGO', 'COST', 'NFLX',
                           'AMD', 'PEP', 'ADBE', 'CSCO', 'INTC', 'QCOM', 'TXN', 'AMGN', 'INTU', 'PYPL']) AS t (s)
        """;

    // Probabilities from the post id's hash so a rerun generates the same scores; label = the largest.
    public const string GenerateScores = """
        INSERT INTO sf.post_scores (source, post_id, model_id, label, p_neg, p_neu, p_pos)
        SELECT source, post_id, @ModelId,
               CASE WHEN pp >= pn AND pp >= pu THEN 'positive' WHEN pn >= pu THEN 'negative' ELSE 'neutral' END,
               pn / (pn + pu + pp), pu / (pn + pu + pp), pp / (pn + pu + pp)
        FROM (
            SELECT source, post_id,
                   ((h & 1023) + 1)::real AS pn, (((h >> 10) & 1023) + 1)::real AS pu, (((h >> 20) & 1023) + 1)::real AS pp
            FROM (SELECT source, post_id, hashtext(post_id) AS h FROM sf.posts WHERE source = 'bench') hashed
        ) p
        """;

    public const string Analyze = """
        ANALYZE sf.posts, sf.post_scores
        """;

    // The baseline streams every scored post to the client, which assigns and aggregates it there.
    public const string ReadScoredPosts = """
        SELECT p.created_at, p.symbols, s.label, s.p_neg, s.p_neu, s.p_pos
        FROM sf.posts p
        JOIN sf.post_scores s ON s.source = p.source AND s.post_id = p.post_id
        WHERE s.model_id = @ModelId
        """;
}
