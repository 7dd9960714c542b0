-- 040: a regression run names its benchmark, data range, size and code version in plain columns (the spec and
-- results stay in jsonb), so researchers can list and filter runs with plain SQL. Nullable: rows written
-- before this migration have none.

ALTER TABLE sf.regression_runs
    ADD COLUMN benchmark     text,
    ADD COLUMN first_day     date,     -- first factor day t of the main regression
    ADD COLUMN last_day      date,     -- last factor day t
    ADD COLUMN observations  integer,  -- n of the main regression
    ADD COLUMN code_version  text;     -- informational version of SentimentFactor.Research (+commit)

CREATE INDEX regression_runs_model_idx ON sf.regression_runs (model_id, created_at DESC);
