ALTER TABLE audit_log DROP COLUMN actor_scope;
ALTER TABLE audit_log DROP COLUMN actor_role;
DROP TABLE token_processes;
ALTER TABLE tokens DROP COLUMN read_only;
ALTER TABLE tokens DROP COLUMN api;
ALTER TABLE tokens DROP COLUMN role;
