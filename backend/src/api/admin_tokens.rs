//! Admin tokens: create, list and revoke, for rotation without downtime.

use actix_web::{delete, get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use super::tokens::{
    create_token, revoke_token, validate_expiry, validate_label, IssuedToken, TokenInfo,
};
use crate::{
    app::AppState,
    audit::AuditEvent,
    auth::{Caller, ClientIp},
    db::{self, tokens::source},
    error::{ApiError, Problem},
    security::tokens::TokenKind,
};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminTokenCreate {
    /// Who or what the token is for, e.g. "Maria (planning office)".
    pub label: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// Create an admin token (admin). Shown once.
#[utoipa::path(
    operation_id = "createAdminToken",
    tag = "admin",
    request_body = AdminTokenCreate,
    responses((status = 201, body = IssuedToken), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[post("/admin/tokens")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    body: web::Json<AdminTokenCreate>,
) -> Result<HttpResponse, ApiError> {
    let admin = caller.admin()?.token_id;
    let body = body.into_inner();
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
            AuditEvent::new("admin_token.create")
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

/// All admin tokens, metadata only (admin).
#[utoipa::path(
    operation_id = "listAdminTokens",
    tag = "admin",
    responses((status = 200, body = Vec<TokenInfo>)),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[get("/admin/tokens")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    caller.admin()?;
    let rows = state
        .db
        .read(|conn| Ok(db::tokens::list_admin(conn)?))
        .await?;
    Ok(HttpResponse::Ok().json(rows.iter().map(TokenInfo::from).collect::<Vec<_>>()))
}

/// Revoke an admin token (admin). The last active one cannot be revoked (409).
#[utoipa::path(
    operation_id = "revokeAdminToken",
    tag = "admin",
    params(("id" = i64, Path)),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[delete("/admin/tokens/{id}")]
pub async fn revoke(
    state: web::Data<AppState>,
    caller: Caller,
    ip: ClientIp,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let admin = caller.admin()?.token_id;
    let id = id.into_inner();
    state
        .db
        .write(move |conn| {
            let row = db::tokens::by_id(conn, id)?.ok_or(ApiError::NotFound)?;
            if row.kind() != TokenKind::Admin {
                return Err(ApiError::NotFound);
            }
            revoke_token(conn, id, Some(admin), Some(ip)).map(|_| ())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
