-- 001: the data model of docs/architecture.md. Applied once, recorded in sf.schema_migrations; its SQL never edited
-- after it has been applied anywhere: add a new numbered file instead.

CREATE TABLE sf.posts (
    source       text        NOT NULL,
    post_id      text        NOT NULL,
    created_at   timestamptz NOT NULL,
    author_id    text,
    lang         text,
    text         text        NOT NULL,
    symbols      text[]      NOT NULL DEFAULT '{}',
    -- Free label some sources carry (StockTwits' Bullish/Bearish): kept to evaluate models, never scored on.
    user_label   text,
    ingested_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, post_id)
);
CREATE INDEX posts_created_at_idx ON sf.posts (created_at);
CREATE INDEX posts_symbols_idx ON sf.posts USING gin (symbols);

CREATE TABLE sf.ingest_cursors (
    source      text        NOT NULL,
    query       text        NOT NULL,
    position    text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, query)
);

CREATE TABLE sf.ingest_rejects (
    reject_id    bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source       text        NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    reason       text        NOT NULL,
    -- Raw bytes as received: invalid UTF-8 is exactly what some rejects are about.
    payload      bytea       NOT NULL,
    location     text
);
CREATE INDEX ingest_rejects_source_idx ON sf.ingest_rejects (source, received_at);

CREATE TABLE sf.models (
    model_id    text        PRIMARY KEY,  -- sha256 of the model file, hex
    name        text        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('onnx', 'lexicon')),
    labels      text[]      NOT NULL,
    config      jsonb       NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sf.post_scores (
    source     text             NOT NULL,
    post_id    text             NOT NULL,
    model_id   text             NOT NULL REFERENCES sf.models (model_id),
    label      text             NOT NULL,
    p_neg      real             NOT NULL,
    p_neu      real             NOT NULL,
    p_pos      real             NOT NULL,
    scored_at  timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (source, post_id, model_id),
    FOREIGN KEY (source, post_id) REFERENCES sf.posts (source, post_id) ON DELETE CASCADE
);
CREATE INDEX post_scores_model_idx ON sf.post_scores (model_id);

CREATE TABLE sf.market_bars (
    symbol     text             NOT NULL,
    day        date             NOT NULL,
    open       double precision,
    high       double precision,
    low        double precision,
    close      double precision NOT NULL,
    adj_close  double precision,
    volume     bigint,
    source     text,
    updated_at timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (symbol, day)
);

CREATE TABLE sf.daily_sentiment (
    model_id      text             NOT NULL REFERENCES sf.models (model_id),
    symbol        text             NOT NULL,  -- '*' = all posts
    trading_day   date             NOT NULL,
    n_pos         integer          NOT NULL,
    n_neu         integer          NOT NULL,
    n_neg         integer          NOT NULL,
    n_total       integer          NOT NULL,
    mean_p_pos    double precision,
    mean_p_neu    double precision,
    mean_p_neg    double precision,
    bullishness   double precision NOT NULL,  -- ln((1 + n_pos) / (1 + n_neg)), Antweiler & Frank (2004)
    net           double precision,           -- (n_pos - n_neg) / n_total; NULL when n_total = 0
    computed_at   timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (model_id, symbol, trading_day)
);
CREATE INDEX daily_sentiment_day_idx ON sf.daily_sentiment (trading_day);

CREATE TABLE sf.regression_runs (
    run_id      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at  timestamptz NOT NULL DEFAULT now(),
    model_id    text        NOT NULL,
    spec        jsonb       NOT NULL,
    results     jsonb       NOT NULL
);

CREATE TABLE sf.job_runs (
    job_run_id   bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job          text        NOT NULL,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    status       text        NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'skipped')),
    counts       jsonb       NOT NULL DEFAULT '{}',
    error        text
);
CREATE INDEX job_runs_job_idx ON sf.job_runs (job, started_at DESC);
