-- (PostgreSQL twin of migrations/sqlite.)
-- Each submission's support count, stored so the admin list's `sort=supports` is an index
-- walk instead of a count per supported row per request. Its meaning is db::supports's
-- COUNT_SQL (the distinct tokens supporting it or a duplicate of it, its author never
-- counted); every write that can change it recounts in the same transaction
-- (db::supports::recount).
ALTER TABLE submissions ADD COLUMN support_count BIGINT NOT NULL DEFAULT 0;
-- Back-filled with COUNT_SQL, for the rows that can have a support at all (supported ones and
-- the originals of supported duplicates); every other row's count is the default 0.
UPDATE submissions SET support_count = ((SELECT COUNT(*) FROM submission_supports sup
     WHERE sup.submission_id = submissions.id AND sup.token_id <> submissions.token_id)
     + (SELECT COUNT(DISTINCT sup.token_id) FROM submissions dup
     JOIN submission_supports sup ON sup.submission_id = dup.id
     WHERE dup.duplicate_of = submissions.id AND sup.token_id <> submissions.token_id
     AND NOT EXISTS (SELECT 1 FROM submission_supports own
     WHERE own.submission_id = submissions.id AND own.token_id = sup.token_id)))
WHERE id IN (SELECT s.submission_id FROM submission_supports s
     UNION SELECT d.duplicate_of FROM submission_supports s
     JOIN submissions d ON d.id = s.submission_id WHERE d.duplicate_of IS NOT NULL);
-- The supports order (most supported, then newest, then id), walked backwards: a page costs
-- what a newest-first page does. id ends the key, as in migration 000040.
CREATE INDEX submissions_process_supports ON submissions (process_id, support_count, created_at, id);
