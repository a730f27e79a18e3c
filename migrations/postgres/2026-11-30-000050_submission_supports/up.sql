-- (PostgreSQL twin of migrations/sqlite.)
-- "Support instead of repeat": a participant backs someone else's visible submission rather
-- than writing the same thing again. One row per token and submission (supporting twice is
-- the same support); withdrawing deletes the row. A submission's count is worked out when read
-- (db::supports): the distinct tokens supporting it or a duplicate of it, its author never
-- counted.
CREATE TABLE submission_supports (
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    token_id BIGINT NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (submission_id, token_id)
);
-- A token's own supports (the "supported" mark on a page of submissions).
CREATE INDEX submission_supports_token ON submission_supports (token_id, submission_id);
-- A submission's duplicates, whose supports add to its count (few submissions are marked).
CREATE INDEX submissions_duplicate_of ON submissions (duplicate_of) WHERE duplicate_of IS NOT NULL;
