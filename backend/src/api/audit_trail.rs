//! Reading the audit log (admin). There is no way to change it through the API.

use crate::auth::{op, Allowed};
use crate::domain::TokenId;
use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{
    pagination::{Page, PageRequest},
    utc,
};
use crate::audit::AuditAction;
use crate::{
    db::{
        self,
        audit::{AuditFilter, AuditRow},
    },
    error::ApiError,
    state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// Row id of the admin token that acted; null for the command line.
    pub actor_token_id: Option<TokenId>,
    /// The acting token's role when it acted: `owner`, `facilitator`, `moderator`,
    /// `analyst` or `participant`; null for the command line.
    pub actor_role: Option<String>,
    /// What the acting token was limited to: `all`, `processes:<ids>` or `process:<id>`,
    /// after `read_only;` for a read-only token; null for the command line.
    pub actor_scope: Option<String>,
    pub client_ip: Option<String>,
    #[schema(example = "submission.moderate")]
    #[schema(value_type = AuditAction)]
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub reason: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub details: Option<serde_json::Value>,
}

impl From<AuditRow> for AuditEntry {
    fn from(row: AuditRow) -> Self {
        Self {
            id: row.id,
            at: utc(row.at),
            actor_token_id: row.actor_token_id,
            actor_role: row.actor_role,
            actor_scope: row.actor_scope,
            client_ip: row.client_ip,
            action: row.action,
            target_type: row.target_type,
            target_id: row.target_id,
            reason: row.reason,
            details: row.details.and_then(|d| serde_json::from_str(&d).ok()),
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Exact action, e.g. `token.revoke`.
    /// An action word (see `AuditAction`); free text, so an unknown word simply matches nothing.
    pub action: Option<String>,
    pub actor_token_id: Option<TokenId>,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    /// At or after (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Before (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// The audit log, newest first (admin).
#[utoipa::path(
    operation_id = "listAuditEntries",
    tag = "admin",
    params(AuditQuery),
    responses((status = 200, body = Page<AuditEntry>)),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[get("/admin/audit")]
pub async fn list(
    state: web::Data<AppState>,
    _admin: Allowed<op::ListAuditEntries>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageRequest::new(q.limit, q.offset);
    let filter = AuditFilter {
        action: q.action,
        actor_token_id: q.actor_token_id,
        target_type: q.target_type,
        target_id: q.target_id,
        from: q.from.map(|t| t.naive_utc()),
        to: q.to.map(|t| t.naive_utc()),
    };
    let (rows, total) = state
        .db
        .read(move |conn| Ok(db::audit::list(conn, &filter, page.limit, page.offset)?))
        .await?;
    Ok(HttpResponse::Ok().json(Page::new(
        rows.into_iter().map(AuditEntry::from).collect(),
        total,
        page,
    )))
}
