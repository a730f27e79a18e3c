-- Core schema: processes, tokens, sessions, submissions, audit log.
-- Timestamps are UTC. JSON columns hold small per-process lists.

CREATE TABLE processes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    prompt TEXT NOT NULL,
    registration_open BOOLEAN NOT NULL DEFAULT 0,
    submissions_open BOOLEAN NOT NULL DEFAULT 1,
    categories TEXT NOT NULL,
    contributor_types TEXT NOT NULL,
    map_lat DOUBLE,
    map_lng DOUBLE,
    map_zoom INTEGER,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('admin', 'participant')),
    token_hash TEXT NOT NULL UNIQUE,
    hint TEXT NOT NULL,
    label TEXT,
    source TEXT NOT NULL,
    process_id BIGINT REFERENCES processes (id) ON DELETE CASCADE,
    contributor_type TEXT,
    created_at TIMESTAMP NOT NULL,
    created_by BIGINT REFERENCES tokens (id),
    last_used_at TIMESTAMP,
    expires_at TIMESTAMP,
    revoked_at TIMESTAMP,
    CHECK ((kind = 'admin' AND process_id IS NULL AND contributor_type IS NULL)
        OR (kind = 'participant' AND process_id IS NOT NULL AND contributor_type IS NOT NULL))
);
CREATE INDEX tokens_process ON tokens (process_id, created_at);

CREATE TABLE sessions (
    key_hash TEXT PRIMARY KEY NOT NULL,
    token_id BIGINT REFERENCES tokens (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_token ON sessions (token_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    process_id BIGINT NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    token_id BIGINT NOT NULL REFERENCES tokens (id),
    contributor_type TEXT NOT NULL,
    text TEXT NOT NULL,
    lat DOUBLE,
    lng DOUBLE,
    status TEXT NOT NULL DEFAULT 'visible' CHECK (status IN ('visible', 'hidden', 'flagged')),
    moderation_reason TEXT,
    entered_by_admin BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((lat IS NULL) = (lng IS NULL))
);
CREATE INDEX submissions_process_created ON submissions (process_id, created_at);
CREATE INDEX submissions_token ON submissions (token_id, created_at);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TIMESTAMP NOT NULL,
    actor_token_id BIGINT,
    client_ip TEXT,
    action TEXT NOT NULL,
    target_type TEXT,
    target_id TEXT,
    reason TEXT,
    details TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_action ON audit_log (action, at);

-- The audit log is append-only, whatever code runs against the database.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
