-- Staff roles (issue 14). An admin-kind token is now a staff token with one role: the owner
-- acts everywhere (today's admin), facilitators, moderators and analysts only in the processes
-- listed in token_processes. `api` marks a token that may be sent as a bearer token (scripts);
-- `read_only` limits it to safe methods. Every audit entry names the acting token's role and
-- the processes it was limited to, as they were when it acted.
ALTER TABLE tokens ADD COLUMN role TEXT CHECK (role IN ('owner', 'facilitator', 'moderator', 'analyst'));
ALTER TABLE tokens ADD COLUMN api BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN read_only BOOLEAN NOT NULL DEFAULT 0;
-- Existing admin tokens become owner tokens and keep working over bearer, as before.
UPDATE tokens SET role = 'owner', api = 1 WHERE kind = 'admin';

CREATE TABLE token_processes (
    token_id BIGINT NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,
    process_id BIGINT NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
    PRIMARY KEY (token_id, process_id)
);
CREATE INDEX token_processes_process ON token_processes (process_id);

ALTER TABLE audit_log ADD COLUMN actor_role TEXT;
ALTER TABLE audit_log ADD COLUMN actor_scope TEXT;
