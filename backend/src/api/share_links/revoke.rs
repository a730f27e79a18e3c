//! Revoke a results link (admin); it stops working at once.

use crate::auth::{op, Allowed};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::ClientIp,
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
    admin: Allowed<op::RevokeShareLink>,
    ip: ClientIp,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let who = admin.who;
    let admin = who.token_id;
    let id = id.into_inner();
    state
        .db
        .write(move |conn| {
            let link = db::share_links::by_id(conn, &id)?.ok_or(ApiError::NotFound)?;
            who.reach(link.process_id)?;
            db::share_links::revoke(conn, &id, db::now())?;
            Ok(AuditEvent::new(AuditAction::ShareLinkRevoke)
                .target("share_link", &id)
                .record(conn, Some(admin), Some(ip))?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
