-- (PostgreSQL twin of migrations/sqlite.) Themes and the job kind that computes them.

ALTER TABLE jobs DROP CONSTRAINT jobs_kind_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_kind_check CHECK (kind IN ('analyse', 'train', 'themes'));

CREATE TABLE themes (
    id BIGSERIAL PRIMARY KEY,
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
