-- (PostgreSQL twin of migrations/sqlite, where triggers stand in for the CHECK.)
-- A staff token always has a role, and a participant token none (issue 14). Every staff row
-- has had a role since 000010_staff_roles.
ALTER TABLE tokens ADD CONSTRAINT tokens_staff_role
    CHECK ((kind = 'admin') = (role IS NOT NULL));
