DROP INDEX submissions_process_supports;
ALTER TABLE submissions DROP COLUMN support_count;
