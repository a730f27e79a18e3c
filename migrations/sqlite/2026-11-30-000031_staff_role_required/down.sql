DROP TRIGGER tokens_staff_role_update;
DROP TRIGGER tokens_staff_role_insert;
