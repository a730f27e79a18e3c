-- (PostgreSQL twin of migrations/sqlite.)
-- A process's texts in the UI's languages (JSON object: {"en": {...}, "es": {...}}, each with
-- an optional title, prompt and category_names); the base title, prompt and category names stay
-- the default a reader sees when their language has no version of a field.
ALTER TABLE processes ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
-- The process's names for the response statuses per UI language (JSON object: language ->
-- status word -> name); `names` stays the default.
ALTER TABLE response_settings ADD COLUMN names_by_language TEXT NOT NULL DEFAULT '{}';
