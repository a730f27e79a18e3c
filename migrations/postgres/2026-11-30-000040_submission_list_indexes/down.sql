DROP INDEX submissions_process_category;
DROP INDEX submissions_process_type;
DROP INDEX submissions_process_status;
DROP INDEX submissions_process_created;
CREATE INDEX submissions_process_created ON submissions (process_id, created_at);
