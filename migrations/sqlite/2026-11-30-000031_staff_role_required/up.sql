-- A staff token always has a role, and a participant token none (issue 14). SQLite cannot add
-- a CHECK to an existing table without rebuilding it (and the audit log refers to tokens), so
-- triggers refuse such rows on insert and update. Every staff row has had a role since
-- 000010_staff_roles.
CREATE TRIGGER tokens_staff_role_insert BEFORE INSERT ON tokens
WHEN (NEW.kind = 'admin') <> (NEW.role IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'tokens: a staff token has a role, a participant token none'); END;
CREATE TRIGGER tokens_staff_role_update BEFORE UPDATE OF kind, role ON tokens
WHEN (NEW.kind = 'admin') <> (NEW.role IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'tokens: a staff token has a role, a participant token none'); END;
