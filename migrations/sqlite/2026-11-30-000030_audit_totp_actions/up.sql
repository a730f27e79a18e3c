DROP TRIGGER audit_log_known_action;
-- Only the words of `audit::AuditAction` can be recorded (tests/api/vocabulary.rs compares
-- the lists). SQLite cannot add a CHECK to an existing table, and the append-only audit log is
-- never rebuilt, so a trigger refuses any other word. A new action means a new migration
-- that drops and recreates this trigger with the longer list.
CREATE TRIGGER audit_log_known_action BEFORE INSERT ON audit_log
WHEN NEW.action NOT IN (
    'auth.login',
    'process.create',
    'process.update',
    'process.categories_change',
    'process.response_settings',
    'tokens.issue',
    'token.revoke',
    'admin_token.create',
    'admin_token.revoke',
    'admin_token.rotate',
    'admin_token.change_role',
    'admin_token.change_scope',
    'admin_token.bootstrap',
    'admin_token.register_environment',
    'submission.enter_on_behalf',
    'submission.moderate',
    'submission.delete',
    'submission.respond',
    'submission.categorise',
    'submission.mark_duplicate',
    'sentence.categorise',
    'analysis.start',
    'training.start',
    'training.activate',
    'training.rollback',
    'training_example.add',
    'training_example.delete',
    'themes.start',
    'theme.rename',
    'share_link.create',
    'share_link.revoke',
    'export',
    'backup.create',
    'backup.restore',
    'data.migrate',
    'demo.create',
    'totp.enrolment_start',
    'totp.enrol',
    'totp.reset',
    'totp.recovery_code_use',
    'security.change'
)
BEGIN SELECT RAISE(ABORT, 'audit_log: unknown action'); END;
