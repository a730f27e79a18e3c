DROP TRIGGER submissions_fts_update;
DROP TRIGGER submissions_fts_delete;
DROP TRIGGER submissions_fts_insert;
DROP TABLE submissions_fts;
