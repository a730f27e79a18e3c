//! Reset a staff member's second factor (owner), e.g. after a lost phone: they sign in with
//! their token alone again (or, where second factors are required, must enrol anew).

use crate::domain::TokenId;
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::{op, Allowed, ClientIp},
    db,
    error::{ApiError, Problem},
    security::tokens::TokenKind,
    state::AppState,
};
use actix_web::{delete, web, HttpResponse};
use serde_json::json;

/// Reset a staff token's second factor and recovery codes (owner).
#[utoipa::path(
    operation_id = "resetTotp",
    tag = "admin",
    params(("id" = TokenId, Path)),
    responses(
        (status = 204, description = "Reset (also when none was enrolled)"),
        (status = 404, description = "No such staff token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = ["owner"]), ("bearer" = ["owner"]))
)]
#[delete("/admin/tokens/{id}/totp")]
pub async fn reset(
    state: web::Data<AppState>,
    owner: Allowed<op::ResetTotp>,
    ip: ClientIp,
    id: web::Path<TokenId>,
) -> Result<HttpResponse, ApiError> {
    let owner = owner.who.token_id;
    let id = id.into_inner();
    state
        .db
        .write(move |conn| {
            db::tokens::by_id(conn, id)?
                .filter(|row| row.kind() == TokenKind::Admin)
                .ok_or(ApiError::NotFound)?;
            let was_enrolled = db::totp::is_enrolled(conn, id)?;
            db::totp::reset(conn, id)?;
            AuditEvent::new(AuditAction::TotpReset)
                .target("token", id)
                .details(json!({ "was_enrolled": was_enrolled }))
                .record(conn, Some(owner), Some(ip))?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
