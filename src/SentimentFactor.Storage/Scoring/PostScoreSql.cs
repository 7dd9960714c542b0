namespace SentimentFactor.Storage.Scoring;

/// <summary>SQL of <see cref="PostScoreStore"/>.</summary>
internal static class PostScoreSql
{
    // Claims the next posts without a score of this model, in key order after the last claimed key, and locks them
    // for the transaction: a second worker skips them (SKIP LOCKED), a killed worker's locks vanish with its
    // connection. Keyset order keeps each claim an index range scan instead of re-reading scored posts.
    public const string ClaimFirst = """
        SELECT p.source AS Source, p.post_id AS PostId, p.text AS Text
        FROM sf.posts p
        WHERE (CAST(@Since AS timestamptz) IS NULL OR p.created_at >= CAST(@Since AS timestamptz))
          AND NOT EXISTS (
              SELECT 1 FROM sf.post_scores s
              WHERE s.source = p.source AND s.post_id = p.post_id AND s.model_id = @ModelId)
        ORDER BY p.source, p.post_id
        LIMIT @Limit
        FOR UPDATE OF p SKIP LOCKED
        """;

    public const string ClaimAfter = """
        SELECT p.source AS Source, p.post_id AS PostId, p.text AS Text
        FROM sf.posts p
        WHERE (p.source, p.post_id) > (@AfterSource, @AfterPostId)
          AND (CAST(@Since AS timestamptz) IS NULL OR p.created_at >= CAST(@Since AS timestamptz))
          AND NOT EXISTS (
              SELECT 1 FROM sf.post_scores s
              WHERE s.source = p.source AND s.post_id = p.post_id AND s.model_id = @ModelId)
        ORDER BY p.source, p.post_id
        LIMIT @Limit
        FOR UPDATE OF p SKIP LOCKED
        """;

    public const string CreateStaging = """
        CREATE TEMP TABLE post_scores_staging (
            source text NOT NULL, post_id text NOT NULL, label text NOT NULL,
            p_neg real NOT NULL, p_neu real NOT NULL, p_pos real NOT NULL
        ) ON COMMIT DROP
        """;

    public const string CopyStaging = """
        COPY post_scores_staging (source, post_id, label, p_neg, p_neu, p_pos) FROM STDIN (FORMAT BINARY)
        """;

    public const string UpsertFromStaging = """
        INSERT INTO sf.post_scores (source, post_id, model_id, label, p_neg, p_neu, p_pos, scored_at)
        SELECT source, post_id, @ModelId, label, p_neg, p_neu, p_pos, now()
        FROM post_scores_staging
        ON CONFLICT (source, post_id, model_id) DO UPDATE
        SET label = excluded.label, p_neg = excluded.p_neg, p_neu = excluded.p_neu, p_pos = excluded.p_pos,
            scored_at = excluded.scored_at
        """;

    public const string CountUnscored = """
        SELECT count(*)
        FROM sf.posts p
        WHERE (CAST(@Since AS timestamptz) IS NULL OR p.created_at >= CAST(@Since AS timestamptz))
          AND NOT EXISTS (
              SELECT 1 FROM sf.post_scores s
              WHERE s.source = p.source AND s.post_id = p.post_id AND s.model_id = @ModelId)
        """;
}
