ALTER TABLE audit_log DROP CONSTRAINT audit_log_known_action;
-- Only the words of `audit::AuditAction` can be recorded (tests/api/vocabulary.rs compares
-- the lists). NOT VALID: rows written before the list was closed are kept as they are (the
-- log is append-only); every new row is checked. A new action means a new migration that
-- drops and re-adds this constraint with the longer list.
ALTER TABLE audit_log ADD CONSTRAINT audit_log_known_action CHECK (action IN (
    'auth.login',
    'process.create',
    'process.update',
    'process.categories_change',
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
    'demo.create'
)) NOT VALID;
