-- The text index behind the list's `q` (lower(text) LIKE '%q%'): a pg_trgm GIN index on
-- lower(text), which PostgreSQL uses for LIKE patterns of three or more characters. pg_trgm
-- is a contrib extension, trusted since PostgreSQL 13; where it cannot be created the
-- migration still succeeds and q scans the process, answering the same rows.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX submissions_text_trgm ON submissions USING gin (lower(text) gin_trgm_ops);
EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
    RAISE NOTICE 'pg_trgm is not available (%): q is answered without a text index', SQLERRM;
END
$$;
