//! Recording admin actions. Entries name token row ids, never token values.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::{
    auth::ClientIp,
    db::{self, audit::NewAuditEntry, DbConn},
    domain::{ProcessId, TokenId},
};

/// Every admin action the audit log records (closed: the spec lists them, the SPA filters by
/// them, and an entry cannot be written with any other word).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum AuditAction {
    #[serde(rename = "auth.login")]
    AuthLogin,
    #[serde(rename = "process.create")]
    ProcessCreate,
    #[serde(rename = "process.update")]
    ProcessUpdate,
    #[serde(rename = "process.categories_change")]
    ProcessCategoriesChange,
    #[serde(rename = "process.response_settings")]
    ProcessResponseSettings,
    #[serde(rename = "tokens.issue")]
    TokensIssue,
    #[serde(rename = "token.revoke")]
    TokenRevoke,
    #[serde(rename = "admin_token.create")]
    AdminTokenCreate,
    #[serde(rename = "admin_token.revoke")]
    AdminTokenRevoke,
    #[serde(rename = "admin_token.rotate")]
    AdminTokenRotate,
    #[serde(rename = "admin_token.change_role")]
    AdminTokenChangeRole,
    #[serde(rename = "admin_token.change_scope")]
    AdminTokenChangeScope,
    #[serde(rename = "admin_token.bootstrap")]
    AdminTokenBootstrap,
    #[serde(rename = "admin_token.register_environment")]
    AdminTokenRegisterEnvironment,
    #[serde(rename = "submission.enter_on_behalf")]
    SubmissionEnterOnBehalf,
    #[serde(rename = "submission.moderate")]
    SubmissionModerate,
    #[serde(rename = "submission.delete")]
    SubmissionDelete,
    #[serde(rename = "submission.categorise")]
    SubmissionCategorise,
    #[serde(rename = "submission.mark_duplicate")]
    SubmissionMarkDuplicate,
    #[serde(rename = "submission.respond")]
    SubmissionRespond,
    #[serde(rename = "sentence.categorise")]
    SentenceCategorise,
    #[serde(rename = "analysis.start")]
    AnalysisStart,
    #[serde(rename = "training.start")]
    TrainingStart,
    #[serde(rename = "training.activate")]
    TrainingActivate,
    #[serde(rename = "training.rollback")]
    TrainingRollback,
    #[serde(rename = "training_example.add")]
    TrainingExampleAdd,
    #[serde(rename = "training_example.delete")]
    TrainingExampleDelete,
    #[serde(rename = "themes.start")]
    ThemesStart,
    #[serde(rename = "theme.rename")]
    ThemeRename,
    #[serde(rename = "share_link.create")]
    ShareLinkCreate,
    #[serde(rename = "share_link.revoke")]
    ShareLinkRevoke,
    #[serde(rename = "export")]
    Export,
    #[serde(rename = "backup.create")]
    BackupCreate,
    #[serde(rename = "backup.restore")]
    BackupRestore,
    #[serde(rename = "data.migrate")]
    DataMigrate,
    #[serde(rename = "demo.create")]
    DemoCreate,
    #[serde(rename = "totp.enrolment_start")]
    TotpEnrolmentStart,
    #[serde(rename = "totp.enrol")]
    TotpEnrol,
    #[serde(rename = "totp.reset")]
    TotpReset,
    #[serde(rename = "totp.recovery_code_use")]
    TotpRecoveryCodeUse,
    #[serde(rename = "security.change")]
    SecurityChange,
}

impl AuditAction {
    pub const ALL: &'static [AuditAction] = &[
        AuditAction::AuthLogin,
        AuditAction::ProcessCreate,
        AuditAction::ProcessUpdate,
        AuditAction::ProcessCategoriesChange,
        AuditAction::ProcessResponseSettings,
        AuditAction::TokensIssue,
        AuditAction::TokenRevoke,
        AuditAction::AdminTokenCreate,
        AuditAction::AdminTokenRevoke,
        AuditAction::AdminTokenRotate,
        AuditAction::AdminTokenChangeRole,
        AuditAction::AdminTokenChangeScope,
        AuditAction::AdminTokenBootstrap,
        AuditAction::AdminTokenRegisterEnvironment,
        AuditAction::SubmissionEnterOnBehalf,
        AuditAction::SubmissionModerate,
        AuditAction::SubmissionDelete,
        AuditAction::SubmissionCategorise,
        AuditAction::SubmissionMarkDuplicate,
        AuditAction::SubmissionRespond,
        AuditAction::SentenceCategorise,
        AuditAction::AnalysisStart,
        AuditAction::TrainingStart,
        AuditAction::TrainingActivate,
        AuditAction::TrainingRollback,
        AuditAction::TrainingExampleAdd,
        AuditAction::TrainingExampleDelete,
        AuditAction::ThemesStart,
        AuditAction::ThemeRename,
        AuditAction::ShareLinkCreate,
        AuditAction::ShareLinkRevoke,
        AuditAction::Export,
        AuditAction::BackupCreate,
        AuditAction::BackupRestore,
        AuditAction::DataMigrate,
        AuditAction::DemoCreate,
        AuditAction::TotpEnrolmentStart,
        AuditAction::TotpEnrol,
        AuditAction::TotpReset,
        AuditAction::TotpRecoveryCodeUse,
        AuditAction::SecurityChange,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::AuthLogin => "auth.login",
            AuditAction::ProcessCreate => "process.create",
            AuditAction::ProcessUpdate => "process.update",
            AuditAction::ProcessCategoriesChange => "process.categories_change",
            AuditAction::ProcessResponseSettings => "process.response_settings",
            AuditAction::TokensIssue => "tokens.issue",
            AuditAction::TokenRevoke => "token.revoke",
            AuditAction::AdminTokenCreate => "admin_token.create",
            AuditAction::AdminTokenRevoke => "admin_token.revoke",
            AuditAction::AdminTokenRotate => "admin_token.rotate",
            AuditAction::AdminTokenChangeRole => "admin_token.change_role",
            AuditAction::AdminTokenChangeScope => "admin_token.change_scope",
            AuditAction::AdminTokenBootstrap => "admin_token.bootstrap",
            AuditAction::AdminTokenRegisterEnvironment => "admin_token.register_environment",
            AuditAction::SubmissionEnterOnBehalf => "submission.enter_on_behalf",
            AuditAction::SubmissionModerate => "submission.moderate",
            AuditAction::SubmissionDelete => "submission.delete",
            AuditAction::SubmissionCategorise => "submission.categorise",
            AuditAction::SubmissionMarkDuplicate => "submission.mark_duplicate",
            AuditAction::SubmissionRespond => "submission.respond",
            AuditAction::SentenceCategorise => "sentence.categorise",
            AuditAction::AnalysisStart => "analysis.start",
            AuditAction::TrainingStart => "training.start",
            AuditAction::TrainingActivate => "training.activate",
            AuditAction::TrainingRollback => "training.rollback",
            AuditAction::TrainingExampleAdd => "training_example.add",
            AuditAction::TrainingExampleDelete => "training_example.delete",
            AuditAction::ThemesStart => "themes.start",
            AuditAction::ThemeRename => "theme.rename",
            AuditAction::ShareLinkCreate => "share_link.create",
            AuditAction::ShareLinkRevoke => "share_link.revoke",
            AuditAction::Export => "export",
            AuditAction::BackupCreate => "backup.create",
            AuditAction::BackupRestore => "backup.restore",
            AuditAction::DataMigrate => "data.migrate",
            AuditAction::DemoCreate => "demo.create",
            AuditAction::TotpEnrolmentStart => "totp.enrolment_start",
            AuditAction::TotpEnrol => "totp.enrol",
            AuditAction::TotpReset => "totp.reset",
            AuditAction::TotpRecoveryCodeUse => "totp.recovery_code_use",
            AuditAction::SecurityChange => "security.change",
        }
    }
}

/// One admin action about to be recorded, in the same transaction as the change itself.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub action: AuditAction,
    pub target_type: Option<&'static str>,
    pub target_id: Option<String>,
    pub reason: Option<String>,
    pub details: Option<Value>,
}

impl AuditEvent {
    pub fn new(action: AuditAction) -> Self {
        Self {
            action,
            target_type: None,
            target_id: None,
            reason: None,
            details: None,
        }
    }

    pub fn target(mut self, kind: &'static str, id: impl ToString) -> Self {
        self.target_type = Some(kind);
        self.target_id = Some(id.to_string());
        self
    }

    pub fn reason(mut self, reason: Option<String>) -> Self {
        self.reason = reason;
        self
    }

    pub fn details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    /// `actor` is the admin token's row id, or `None` for the command line.
    pub fn record(
        self,
        conn: &mut DbConn,
        actor: Option<TokenId>,
        ip: Option<ClientIp>,
    ) -> diesel::QueryResult<()> {
        let (actor_role, actor_scope) = match actor {
            Some(id) => actor_scope(conn, id)?,
            None => (None, None),
        };
        db::audit::append(
            conn,
            &NewAuditEntry {
                at: db::now(),
                actor_token_id: actor,
                actor_role,
                actor_scope,
                client_ip: Some(
                    ip.map(|ip| ip.0.to_string())
                        .unwrap_or_else(|| "cli".into()),
                ),
                action: self.action.as_str().into(),
                target_type: self.target_type.map(Into::into),
                target_id: self.target_id,
                reason: self.reason,
                details: self.details.map(|d| d.to_string()),
            },
        )
        .map(|_| ())
    }
}

/// The acting token's role and scope, as they are when it acts (a later change to the token
/// does not rewrite history): `owner` with scope `all`; a process role with
/// `processes:<ids>`; a participant with `process:<id>`; `read_only;` in front for a token
/// limited to reading.
fn actor_scope(
    conn: &mut DbConn,
    token_id: TokenId,
) -> diesel::QueryResult<(Option<String>, Option<String>)> {
    let Some(row) = db::tokens::by_id(conn, token_id)? else {
        return Ok((None, None));
    };
    let (role, scope) = match row.role {
        Some(role) if role.is_process_role() => {
            let ids: Vec<String> = db::tokens::processes_of(conn, token_id)?
                .iter()
                .map(ProcessId::to_string)
                .collect();
            (role.as_str(), format!("processes:{}", ids.join(",")))
        }
        Some(role) => (role.as_str(), "all".to_owned()),
        None => (
            "participant",
            format!("process:{}", row.process_id.unwrap_or_default()),
        ),
    };
    let scope = if row.read_only {
        format!("read_only;{scope}")
    } else {
        scope
    };
    Ok((Some(role.to_owned()), Some(scope)))
}

#[cfg(test)]
mod tests {
    use super::AuditAction;

    #[test]
    fn serde_names_are_the_recorded_words() {
        for &a in AuditAction::ALL {
            assert_eq!(serde_json::to_value(a).unwrap(), a.as_str());
        }
    }
}
