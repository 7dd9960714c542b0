-- 010 (ingest): the same bad record from the same place is stored once, so rerunning a file adds no rejects
-- either (docs/ingest.md: a rerun of the same input adds nothing). Rejects are written by COPY into a staging table
-- and merged with ON CONFLICT DO NOTHING on this index.
CREATE UNIQUE INDEX ingest_rejects_dedup_idx
    ON sf.ingest_rejects (source, reason, (coalesce(location, '')), (md5(payload)));
