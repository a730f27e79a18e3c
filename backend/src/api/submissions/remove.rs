//! Delete a submission: its owner while the process is open, or an admin.

use super::load_visible;
use crate::auth::{op, Allowed};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::ClientIp,
    db::{self},
    domain::SubmissionId,
    domain::SubmissionStatus,
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{delete, web, HttpResponse};
use serde_json::json;

/// Delete a submission: its owner while the process is open, or an admin.
#[utoipa::path(
    operation_id = "deleteSubmission",
    tag = "submissions",
    params(("id" = SubmissionId, Path)),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[delete("/submissions/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    Allowed { who, .. }: Allowed<op::DeleteSubmission>,
    ip: ClientIp,
    id: web::Path<SubmissionId>,
) -> Result<HttpResponse, ApiError> {
    let (row, process) = load_visible(&state, &who, id.into_inner()).await?;
    if !who.is_staff() && !process.submissions_open {
        return Err(ApiError::SubmissionsClosed);
    }
    let id = row.id;
    state
        .db
        .write(move |conn| {
            db::submissions::delete(conn, id)?;
            // A participant withdrawing their own words is their right and not audited,
            // unless a moderator had acted on them: then the moderation record must not vanish
            // without a trace.
            if who.is_staff() || row.status != SubmissionStatus::Visible {
                AuditEvent::new(AuditAction::SubmissionDelete)
                    .target("submission", id)
                    .details(json!({ "process": process.slug, "owner_token_id": row.token_id, "status": row.status }))
                    .record(conn, Some(who.token_id), Some(ip))?;
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
