-- The nightly chain runs as one Quartz job per stage. A chain run (job = 'nightly') and its stage attempts
-- ('nightly.<stage>') are now linked, say which scheduler host ran them, and the chain row carries a lease:
-- between two stages no advisory lock is held, so a chain in flight is a 'running' chain row whose lease
-- (held_until) is in the future. A host that dies stops renewing it; its chain can then be resumed (clustered
-- recovery) or, once the lease is gone, superseded by the next run.
ALTER TABLE sf.job_runs
    ADD COLUMN chain_run_id bigint REFERENCES sf.job_runs (job_run_id) ON DELETE CASCADE,
    ADD COLUMN node         text,
    ADD COLUMN held_until   timestamptz;

COMMENT ON COLUMN sf.job_runs.chain_run_id IS 'For a stage attempt: the chain run (job = ''nightly'') it belongs to.';
COMMENT ON COLUMN sf.job_runs.node IS 'The scheduler instance (or ''cli'' process) that ran it.';
COMMENT ON COLUMN sf.job_runs.held_until IS 'For a running chain: its lease; a chain whose lease passed has no live host.';

CREATE INDEX job_runs_chain_idx ON sf.job_runs (chain_run_id) WHERE chain_run_id IS NOT NULL;
CREATE INDEX job_runs_running_chain_idx ON sf.job_runs (started_at DESC) WHERE job = 'nightly' AND status = 'running';
