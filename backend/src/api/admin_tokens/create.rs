//! Issue a staff token (owner): an owner, or a facilitator, moderator or analyst of named
//! processes; optionally an API token (bearer use) and read-only. Shown once.

use super::grant::{GrantRequest, StaffTokenInfo};
use crate::api::tokens::issue::IssuedToken;
use crate::auth::tokens::{create_staff_token, validate_expiry, validate_label};
use crate::http::body::JsonObject;
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::{op, Allowed, ClientIp},
    db::tokens::source,
    domain::StaffRole,
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminTokenCreate {
    /// Who or what the token is for, e.g. "Maria (planning office)".
    #[schema(max_length = 120, pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$")]
    pub label: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    /// `owner` (everything, everywhere), or a process role limited to `processes`. Defaults
    /// to `owner` for browser tokens; an API token must name its role, so an owner API token
    /// is always asked for explicitly.
    pub role: Option<StaffRole>,
    /// Slugs of the processes a facilitator, moderator or analyst may act in (1-100; none for
    /// owners).
    #[serde(default)]
    #[schema(max_items = 100)]
    pub processes: Vec<String>,
    /// Whether the token may be sent as `Authorization: Bearer` (scripts). Without it, it
    /// works only through a browser session.
    #[serde(default)]
    pub api: bool,
    /// Whether the token may only read (GET).
    #[serde(default)]
    pub read_only: bool,
}

/// Issue a staff token (owner). Shown once.
#[utoipa::path(
    operation_id = "createAdminToken",
    tag = "admin",
    request_body = AdminTokenCreate,
    responses((status = 201, body = IssuedToken), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = ["owner"]), ("bearer" = ["owner"]))
)]
#[post("/admin/tokens")]
pub async fn create(
    state: web::Data<AppState>,
    admin: Allowed<op::CreateAdminToken>,
    ip: ClientIp,
    JsonObject(body): JsonObject<AdminTokenCreate>,
) -> Result<HttpResponse, ApiError> {
    let admin = admin.who.token_id;
    let label = validate_label(body.label).map_err(|e| ApiError::Validation(vec![e]))?;
    let expires_at = validate_expiry(body.expires_at).map_err(|e| ApiError::Validation(vec![e]))?;
    let request = GrantRequest {
        role: body.role,
        processes: body.processes,
        api: body.api,
        read_only: body.read_only,
    };
    let issued = state
        .db
        .write(move |conn| {
            let grant = request.resolve(conn)?;
            let (row, plaintext) =
                create_staff_token(conn, &grant, source::ADMIN, label, Some(admin), expires_at)?;
            let info = StaffTokenInfo::load(conn, &row)?;
            AuditEvent::new(AuditAction::AdminTokenCreate)
                .target("token", row.id)
                .details(json!({
                    "label": row.label, "role": info.role, "processes": info.processes,
                    "api": info.api, "read_only": info.read_only,
                }))
                .record(conn, Some(admin), Some(ip))?;
            Ok(IssuedToken {
                id: row.id,
                token: plaintext,
                label: row.label,
            })
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(issued))
}
