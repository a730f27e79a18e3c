-- Themes (clusters of sentences) and the job kind that computes them. SQLite cannot change a
-- CHECK constraint in place, so the jobs table is rebuilt.

CREATE TABLE jobs_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('analyse', 'train', 'themes')),
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
INSERT INTO jobs_new SELECT * FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_new RENAME TO jobs;
CREATE INDEX jobs_state ON jobs (state, id);

CREATE TABLE themes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    process_id BIGINT NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    custom_label TEXT,
    terms TEXT NOT NULL,
    size INTEGER NOT NULL,
    category_mix TEXT NOT NULL,
    representatives TEXT NOT NULL,
    seed BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX themes_process ON themes (process_id, position);
