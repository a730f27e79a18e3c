ALTER TABLE processes DROP COLUMN languages;
