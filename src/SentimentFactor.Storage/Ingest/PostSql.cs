namespace SentimentFactor.Storage.Ingest;

/// <summary>
/// SQL of sf.posts writes: binary COPY straight into sf.posts when a page holds only new keys, else binary COPY into a
/// per-transaction staging table, then one merge.
/// </summary>
internal static class PostSql
{
    /// <summary>The columns every post COPY writes, in the order <see cref="PostCopyWriter"/> writes them.</summary>
    public const string PostColumns = "source, post_id, created_at, author_id, lang, text, symbols, user_label, kind, ref_post_id, raw_text";

    // The direct path: a page of new keys only goes straight into sf.posts (no staging table, no anti-join). A key
    // that is already stored, or repeated inside the page, makes it fail with unique_violation; PostStore then rolls
    // the transaction back and writes the page through the stage and merge.
    public const string CopyPosts = $"""
        COPY sf.posts ({PostColumns}) FROM STDIN (FORMAT BINARY)
        """;

    public const string CreateStage = """
        CREATE TEMP TABLE posts_stage (
            source     text        NOT NULL,
            post_id    text        NOT NULL,
            created_at timestamptz NOT NULL,
            author_id  text,
            lang       text,
            text       text        NOT NULL,
            symbols    text[]      NOT NULL,
            user_label text,
            kind       text        NOT NULL,
            ref_post_id text,
            raw_text   text
        ) ON COMMIT DROP
        """;

    public const string CopyStage = $"""
        COPY posts_stage ({PostColumns}) FROM STDIN (FORMAT BINARY)
        """;

    // The fast merge: new keys only (anti-join), a key repeated inside the page once, in key order, and a plain
    // INSERT — ON CONFLICT's speculative insertion costs about as much again per row. A concurrent writer of the
    // same key makes it fail with unique_violation; PostStore then rolls back to a savepoint and uses Merge.
    public const string MergeNew = """
        INSERT INTO sf.posts (source, post_id, created_at, author_id, lang, text, symbols, user_label, kind, ref_post_id, raw_text)
        SELECT DISTINCT ON (s.source, s.post_id) s.source, s.post_id, s.created_at, s.author_id, s.lang, s.text, s.symbols, s.user_label,
               s.kind, s.ref_post_id, s.raw_text
        FROM posts_stage s
        WHERE NOT EXISTS (SELECT 1 FROM sf.posts p WHERE p.source = s.source AND p.post_id = s.post_id)
        ORDER BY s.source, s.post_id
        """;

    // DO NOTHING also skips a key repeated inside the same page: exact duplicates are ignored, never errors.
    public const string Merge = """
        INSERT INTO sf.posts (source, post_id, created_at, author_id, lang, text, symbols, user_label, kind, ref_post_id, raw_text)
        SELECT source, post_id, created_at, author_id, lang, text, symbols, user_label, kind, ref_post_id, raw_text FROM posts_stage
        ON CONFLICT (source, post_id) DO NOTHING
        """;

    public const string InsertOne = """
        INSERT INTO sf.posts (source, post_id, created_at, author_id, lang, text, symbols, user_label, kind, ref_post_id, raw_text)
        VALUES (@Source, @PostId, @CreatedAt, @AuthorId, @Lang, @Text, @Symbols, @UserLabel, @Kind, @RefPostId, @RawText)
        ON CONFLICT (source, post_id) DO NOTHING
        """;

    public const string CountBySource = """
        SELECT count(*) FROM sf.posts WHERE source = @Source
        """;

    public const string DeleteBySource = """
        DELETE FROM sf.posts WHERE source = @Source
        """;
}
