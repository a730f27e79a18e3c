ALTER TABLE response_settings DROP COLUMN names_by_language;
ALTER TABLE processes DROP COLUMN translations;
