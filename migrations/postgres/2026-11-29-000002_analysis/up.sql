-- (PostgreSQL twin of migrations/sqlite.) Analysis: sentences with categories, training examples, model runs, background jobs and
-- the embedding cache.

ALTER TABLE processes ADD COLUMN active_model_run_id BIGINT;

ALTER TABLE submissions ADD COLUMN analysed_at TIMESTAMP;
ALTER TABLE submissions ADD COLUMN primary_category TEXT;
ALTER TABLE submissions ADD COLUMN min_confidence DOUBLE PRECISION;
CREATE INDEX submissions_pending ON submissions (analysed_at, id);

CREATE TABLE sentences (
    id BIGSERIAL PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    category TEXT NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('model', 'admin')),
    model_run_id BIGINT,
    reviewed_at TIMESTAMP,
    UNIQUE (submission_id, position)
);
CREATE INDEX sentences_review ON sentences (source, reviewed_at, confidence);

CREATE TABLE training_examples (
    id BIGSERIAL PRIMARY KEY,
    process_id BIGINT NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    sentence_id BIGINT REFERENCES sentences (id) ON DELETE SET NULL,
    text TEXT NOT NULL,
    category TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('correction', 'confirmation', 'example')),
    group_key TEXT NOT NULL,
    created_by BIGINT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX training_examples_process ON training_examples (process_id, id);

CREATE TABLE model_runs (
    id BIGSERIAL PRIMARY KEY,
    process_id BIGINT NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    engine TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    examples INTEGER NOT NULL DEFAULT 0,
    metrics TEXT,
    classifier TEXT,
    error TEXT,
    created_by BIGINT,
    created_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);
CREATE INDEX model_runs_process ON model_runs (process_id, id);

CREATE TABLE jobs (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('analyse', 'train')),
    process_id BIGINT REFERENCES processes (id) ON DELETE CASCADE,
    payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    done INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    errors TEXT NOT NULL DEFAULT '[]',
    attempts INTEGER NOT NULL DEFAULT 0,
    created_by BIGINT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);
CREATE INDEX jobs_state ON jobs (state, id);

CREATE TABLE embedding_cache (
    model TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    vector BYTEA NOT NULL,
    PRIMARY KEY (model, text_hash)
);
