//! Revoke a token (admin); its sessions end at once.

use crate::auth::tokens::revoke_token;
use crate::{
    auth::{Admin, ClientIp},
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{delete, web, HttpResponse};

/// Revoke a token (admin); its sessions end at once.
#[utoipa::path(
    operation_id = "revokeToken",
    tag = "tokens",
    params(("id" = i64, Path)),
    responses(
        (status = 204, description = "Revoked (or already revoked)"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Last active admin token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[delete("/tokens/{id}")]
pub async fn revoke(
    state: web::Data<AppState>,
    admin: Admin,
    ip: ClientIp,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let admin = admin.0.token_id;
    let id = id.into_inner();
    state
        .db
        .write(move |conn| revoke_token(conn, id, Some(admin), Some(ip)))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
