-- 060: what kind of post a row is, and the text as the platform sent it (docs/ingest.md, "Post kinds").
-- kind: original, retweet, quote or reply; ref_post_id: the post it retweets, quotes or answers (same source),
-- when the input says so. raw_text: the text exactly as received when decoding HTML entities (&amp; &lt; &gt;
-- and numeric ones) changed it; NULL when text is already the raw text.
-- Rows stored before this migration carry no structure any more: they are classified by the text rule that files
-- without structure get too (a text starting "RT @name:" is a retweet), and their referenced id stays unknown.
ALTER TABLE sf.posts
    ADD COLUMN kind        text NOT NULL DEFAULT 'original'
        CONSTRAINT posts_kind_check CHECK (kind IN ('original', 'retweet', 'quote', 'reply')),
    ADD COLUMN ref_post_id text,
    ADD COLUMN raw_text    text;

UPDATE sf.posts SET kind = 'retweet' WHERE text ~ '^RT @[A-Za-z0-9_]{1,15}:';

COMMENT ON COLUMN sf.posts.kind IS 'original, retweet, quote or reply; retweets are left out of sf.daily_sentiment counts unless Aggregation:CountRetweets';
COMMENT ON COLUMN sf.posts.ref_post_id IS 'post_id (same source) of the post this one retweets, quotes or replies to, when known';
COMMENT ON COLUMN sf.posts.raw_text IS 'text as received, when HTML-entity decoding changed it (NULL: same as text)';
