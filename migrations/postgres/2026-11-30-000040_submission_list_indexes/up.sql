-- The admin list (newest first, ties by id) with one equality filter: each index holds the
-- filter column, then created_at and id, so a page is an index range walked backwards, a
-- keyset page starts inside it, and a filtered count is an index-only scan.
DROP INDEX submissions_process_created;
CREATE INDEX submissions_process_created ON submissions (process_id, created_at, id);
CREATE INDEX submissions_process_status ON submissions (process_id, status, created_at, id);
CREATE INDEX submissions_process_type ON submissions (process_id, contributor_type, created_at, id);
CREATE INDEX submissions_process_category ON submissions (process_id, primary_category, created_at, id);
