//! Recording admin actions. Entries name token row ids, never token values.

use serde_json::Value;

use crate::{
    auth::ClientIp,
    db::{self, audit::NewAuditEntry, DbConn},
};

/// One admin action about to be recorded, in the same transaction as the change itself.
#[derive(Debug, Clone, Default)]
pub struct AuditEvent {
    pub action: &'static str,
    pub target_type: Option<&'static str>,
    pub target_id: Option<String>,
    pub reason: Option<String>,
    pub details: Option<Value>,
}

impl AuditEvent {
    pub fn new(action: &'static str) -> Self {
        Self {
            action,
            ..Default::default()
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
        actor: Option<i64>,
        ip: Option<ClientIp>,
    ) -> diesel::QueryResult<()> {
        db::audit::append(
            conn,
            &NewAuditEntry {
                at: db::now(),
                actor_token_id: actor,
                client_ip: Some(
                    ip.map(|ip| ip.0.to_string())
                        .unwrap_or_else(|| "cli".into()),
                ),
                action: self.action.into(),
                target_type: self.target_type.map(Into::into),
                target_id: self.target_id,
                reason: self.reason,
                details: self.details.map(|d| d.to_string()),
            },
        )
        .map(|_| ())
    }
}
