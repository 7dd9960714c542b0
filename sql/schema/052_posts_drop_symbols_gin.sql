-- The GIN index on sf.posts.symbols cost about 30 % of bulk-load throughput (3 s of 10 s server CPU per
-- 1,000,000 posts in `sf bench ingest`) and no query of the project uses it: aggregation reads posts by
-- created_at, and per-cashtag work reads the aggregated factor (sf.daily_sentiment, keyed by symbol and day).
-- A researcher who often looks up raw posts by cashtag (`symbols @> '{AAPL}'`) can add it back on their own
-- database: CREATE INDEX posts_symbols_idx ON sf.posts USING gin (symbols);
DROP INDEX IF EXISTS sf.posts_symbols_idx;
