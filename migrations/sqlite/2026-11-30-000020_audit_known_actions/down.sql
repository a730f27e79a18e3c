DROP TRIGGER audit_log_known_action;
