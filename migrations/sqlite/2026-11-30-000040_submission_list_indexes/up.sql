-- The admin list (newest first) with one equality filter: each index holds the filter
-- column, then created_at (and, implicitly in SQLite, the rowid id), so a page is a range
-- walk in order and a filtered count reads only the index. The unfiltered list uses
-- submissions_process_created (process_id, created_at[, id]).
CREATE INDEX submissions_process_status ON submissions (process_id, status, created_at);
CREATE INDEX submissions_process_type ON submissions (process_id, contributor_type, created_at);
CREATE INDEX submissions_process_category ON submissions (process_id, primary_category, created_at);
