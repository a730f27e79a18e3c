//! Revoke a results link (admin); it stops working at once.

use crate::{
    audit::{AuditAction, AuditEvent},
    auth::{Admin, ClientIp},
    db::{self},
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{delete, web, HttpResponse};

/// Revoke a results link (admin); it stops working at once.
#[utoipa::path(
    operation_id = "revokeShareLink",
    tag = "sharing",
    params(("id" = String, Path)),
    responses((status = 204, description = "Revoked"), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[delete("/share-links/{id}")]
pub async fn revoke(
    state: web::Data<AppState>,
    admin: Admin,
    ip: ClientIp,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let admin = admin.0.token_id;
    let id = id.into_inner();
    state
        .db
        .write(move |conn| {
            db::share_links::by_id(conn, &id)?.ok_or(ApiError::NotFound)?;
            db::share_links::revoke(conn, &id, db::now())?;
            Ok(AuditEvent::new(AuditAction::ShareLinkRevoke)
                .target("share_link", &id)
                .record(conn, Some(admin), Some(ip))?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
