-- Row triggers do not fire on TRUNCATE, so the append-only audit log needs a statement
-- trigger as well. `planner migrate-data --force` (replacing a whole installation) is the one
-- sanctioned exception: it sets planner.replacing_installation for its own transaction and
-- records a data.migrate entry naming what it replaced. This stops accidents and the app's own
-- code paths, not the table owner (who can drop triggers): see SECURITY.md, "Audit log".
CREATE FUNCTION audit_log_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('planner.replacing_installation', true), '') <> 'on' THEN
        RAISE EXCEPTION 'audit_log is append-only';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_no_truncate();
