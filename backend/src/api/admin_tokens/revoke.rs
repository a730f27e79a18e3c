//! Revoke an admin token (admin). The last active one cannot be revoked (409).

use crate::auth::tokens::revoke_token;
use crate::auth::{op, Allowed};
use crate::domain::TokenId;
use crate::{
    auth::ClientIp,
    db::{self},
    error::{ApiError, Problem},
    security::tokens::TokenKind,
    state::AppState,
};
use actix_web::{delete, web, HttpResponse};

/// Revoke an admin token (admin). The last active one cannot be revoked (409).
#[utoipa::path(
    operation_id = "revokeAdminToken",
    tag = "admin",
    params(("id" = TokenId, Path)),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[delete("/admin/tokens/{id}")]
pub async fn revoke(
    state: web::Data<AppState>,
    admin: Allowed<op::RevokeAdminToken>,
    ip: ClientIp,
    id: web::Path<TokenId>,
) -> Result<HttpResponse, ApiError> {
    let admin = admin.who.token_id;
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
