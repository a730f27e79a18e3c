-- A second factor for staff in the browser (issue 14): RFC 6238 TOTP. A factor is pending
-- until its owner confirms a current code (confirmed_at); last_used_step is the last time step
-- a code was accepted for, so each code works once. Recovery codes are stored as SHA-256, like
-- tokens, and each works once (used_at). The secret is never returned after enrolment.
-- security_settings holds the installation's one row of owner settings.
CREATE TABLE totp_factors (
    token_id BIGINT PRIMARY KEY NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,
    secret TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    confirmed_at TIMESTAMP,
    last_used_step BIGINT
);

CREATE TABLE totp_recovery_codes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_id BIGINT NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX totp_recovery_codes_token ON totp_recovery_codes (token_id);

CREATE TABLE security_settings (
    id BIGINT PRIMARY KEY NOT NULL CHECK (id = 1),
    require_totp BOOLEAN NOT NULL DEFAULT 0
);
INSERT INTO security_settings (id, require_totp) VALUES (1, 0);
