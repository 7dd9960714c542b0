-- 061: stretches of time an API pull could not fetch (docs/ingest.md, "A stale since_id"). X recent search only
-- reaches 7 days back: a query whose saved since_id is older restarts from the window's start, and the posts
-- between the last stored one and that start are lost to recent search. One row per such fallback.
CREATE TABLE sf.ingest_gaps (
    gap_id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source       text        NOT NULL,
    query        text        NOT NULL,
    gap_from     timestamptz,            -- newest stored post of the query before the gap (NULL: unknown)
    gap_to       timestamptz NOT NULL,   -- where the pull restarted (start_time)
    stale_since_id text,
    reason       text        NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ingest_gaps_source_idx ON sf.ingest_gaps (source, query, recorded_at);
