ALTER TABLE tokens DROP CONSTRAINT tokens_staff_role;
