-- The extension stays: other objects may use it, and dropping it needs more rights.
DROP INDEX IF EXISTS submissions_text_trgm;
