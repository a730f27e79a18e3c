//! Create an admin token (admin). Shown once.

use crate::api::tokens::issue::IssuedToken;
use crate::auth::tokens::{create_token, validate_expiry, validate_label};
use crate::http::body::JsonObject;
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::{Admin, ClientIp},
    db::tokens::source,
    error::{ApiError, Problem},
    security::tokens::TokenKind,
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
}

/// Create an admin token (admin). Shown once.
#[utoipa::path(
    operation_id = "createAdminToken",
    tag = "admin",
    request_body = AdminTokenCreate,
    responses((status = 201, body = IssuedToken), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[post("/admin/tokens")]
pub async fn create(
    state: web::Data<AppState>,
    admin: Admin,
    ip: ClientIp,
    JsonObject(body): JsonObject<AdminTokenCreate>,
) -> Result<HttpResponse, ApiError> {
    let admin = admin.0.token_id;
    let label = validate_label(body.label).map_err(|e| ApiError::Validation(vec![e]))?;
    let expires_at = validate_expiry(body.expires_at).map_err(|e| ApiError::Validation(vec![e]))?;
    let issued = state
        .db
        .write(move |conn| {
            let (row, plaintext) = create_token(
                conn,
                TokenKind::Admin,
                source::ADMIN,
                label,
                None,
                Some(admin),
                expires_at,
            )?;
            AuditEvent::new(AuditAction::AdminTokenCreate)
                .target("token", row.id)
                .details(json!({ "label": row.label }))
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
