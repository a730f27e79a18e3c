//! Revoke a token (admin); its sessions end at once.

use crate::auth::tokens::revoke_token;
use crate::auth::{op, Allowed};
use crate::domain::TokenId;
use crate::{
    auth::ClientIp,
    db,
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{delete, web, HttpResponse};

/// Revoke a token (admin); its sessions end at once.
#[utoipa::path(
    operation_id = "revokeToken",
    tag = "tokens",
    params(("id" = TokenId, Path)),
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
    admin: Allowed<op::RevokeToken>,
    ip: ClientIp,
    id: web::Path<TokenId>,
) -> Result<HttpResponse, ApiError> {
    let who = admin.who;
    let admin = who.token_id;
    let id = id.into_inner();
    state
        .db
        .write(move |conn| {
            // Facilitators revoke their processes' participant tokens; staff tokens are the
            // owner's (`revokeAdminToken`).
            let row = db::tokens::by_id(conn, id)?.ok_or(ApiError::NotFound)?;
            let reachable = match row.process_id {
                Some(process_id) => who.reaches(process_id),
                None => who.is_owner(),
            };
            if !reachable {
                return Err(ApiError::NotFound);
            }
            revoke_token(conn, id, Some(admin), Some(ip))
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
