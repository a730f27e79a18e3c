-- (PostgreSQL twin of migrations/sqlite.) Insights: public browsing flag, duplicate links, signed results links (revocation list).

ALTER TABLE processes ADD COLUMN public_submissions BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE submissions ADD COLUMN duplicate_of BIGINT REFERENCES submissions (id) ON DELETE SET NULL;

CREATE TABLE share_links (
    id TEXT PRIMARY KEY NOT NULL,
    process_id BIGINT NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    label TEXT,
    created_by BIGINT,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX share_links_process ON share_links (process_id, created_at);
