//! Moderation at workshop scale (admin): hide, flag or restore a selection of a process's
//! submissions at once, with one reason. Each submission's change is audited as if moderated
//! alone, so its history reads the same either way.

use super::moderation;
use crate::api::{extract::InProcess, selection};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::{op, ClientIp},
    db,
    domain::{SubmissionId, SubmissionStatus},
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkModeration {
    /// The submissions to moderate (1-500 ids of this process).
    #[schema(min_items = 1, max_items = 500)]
    pub submission_ids: Vec<SubmissionId>,
    pub status: SubmissionStatus,
    /// Why (one line, at most 500 characters); required to hide or flag, optional to restore.
    #[schema(max_length = 500, pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$")]
    pub reason: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct BulkModerationResult {
    /// The submissions moderated, by id.
    pub submission_ids: Vec<SubmissionId>,
    pub status: SubmissionStatus,
    /// How many of them changed status (the others had it already).
    pub changed: usize,
}

fn validate(body: &BulkModeration) -> Result<Option<String>, ApiError> {
    let mut errors: Vec<_> = selection::size_error(&body.submission_ids)
        .into_iter()
        .collect();
    let reason = moderation::reason_for(body.status, body.reason.as_deref())
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    if errors.is_empty() {
        Ok(reason)
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Hide, flag or restore a selection of a process's submissions with one reason (admin;
/// each submission's change is audited).
#[utoipa::path(
    operation_id = "moderateSubmissions",
    tag = "submissions",
    params(("slug" = String, Path)),
    request_body = BulkModeration,
    responses(
        (status = 200, body = BulkModerationResult),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid body, a missing reason, or ids not in this process (`unknown_reference`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[put("/processes/{slug}/moderation")]
pub async fn moderate(
    state: web::Data<AppState>,
    ip: ClientIp,
    InProcess {
        who, process, body, ..
    }: InProcess<op::ModerateSubmissions, web::Json<BulkModeration>>,
) -> Result<HttpResponse, ApiError> {
    let admin = who.token_id;
    let body = body.into_inner();
    let reason = validate(&body)?;
    let status = body.status;
    let ids = body.submission_ids;
    let result = state
        .db
        .write(move |conn| {
            let before = selection::in_process(conn, process.id, ids)?;
            let ids: Vec<SubmissionId> = before.iter().map(|(id, _)| *id).collect();
            db::submissions::moderate_many(conn, &ids, status, reason.as_deref(), db::now())?;
            for (id, from) in &before {
                AuditEvent::new(AuditAction::SubmissionModerate)
                    .target("submission", id)
                    .reason(reason.clone())
                    .details(json!({ "from": from, "to": status, "bulk": true }))
                    .record(conn, Some(admin), Some(ip))?;
            }
            let changed = before.iter().filter(|(_, from)| *from != status).count();
            Ok(BulkModerationResult {
                submission_ids: ids,
                status,
                changed,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
}
