//! Moderation at workshop scale (admin): hide, flag or restore a selection of a process's
//! submissions at once, with one reason: the ids of a page's selection, or every submission
//! matching the admin list's filters. Each submission's change is audited as if moderated
//! alone, so its history reads the same either way.

use super::moderation;
use crate::api::{
    extract::InProcess,
    selection::{self, Selection},
    submission_filters::SubmissionFilters,
};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::{op, ClientIp, Identity},
    db,
    domain::{ProcessId, SubmissionId, SubmissionStatus},
    error::{ApiError, Problem},
    http::body::optional_object,
    state::AppState,
};
use actix_web::{put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkModeration {
    /// The submissions to moderate (1-500 ids of this process). Give this or `filter`.
    #[serde(default)]
    #[schema(min_items = 1, max_items = 500)]
    pub submission_ids: Option<Vec<SubmissionId>>,
    /// Instead of `submission_ids`: every submission of this process that the admin list's
    /// filters match when the request runs (at most 10,000; more is refused with `too_many`
    /// and the count). `{}` selects them all.
    #[serde(default, deserialize_with = "optional_object")]
    pub filter: Option<SubmissionFilters>,
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
    /// How many submissions the ids named or the filter matched when the request ran: all of
    /// them were moderated.
    pub matched: usize,
    /// How many of them changed status (the others had it already).
    pub changed: usize,
}

/// Checks the body: one selection, a reason where needed. Returns both.
fn validate(
    body: &BulkModeration,
    process_id: ProcessId,
    who: &Identity,
) -> Result<(Selection, Option<String>), ApiError> {
    let chosen = Selection::from_request(
        body.submission_ids.clone(),
        body.filter.as_ref(),
        process_id,
        who,
    );
    let reason = moderation::reason_for(body.status, body.reason.as_deref());
    match (chosen, reason) {
        (Ok(chosen), Ok(reason)) => Ok((chosen, reason)),
        (chosen, reason) => Err(ApiError::Validation(
            chosen.err().into_iter().chain(reason.err()).collect(),
        )),
    }
}

/// Hide, flag or restore a selection of a process's submissions with one reason (admin): the
/// ids named, or every submission a filter matches. Each submission's change is audited.
#[utoipa::path(
    operation_id = "moderateSubmissions",
    tag = "submissions",
    params(("slug" = String, Path)),
    request_body = BulkModeration,
    responses(
        (status = 200, body = BulkModerationResult),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid body, a missing reason, neither or both of `submission_ids` and `filter`, ids not in this process (`unknown_reference`), or a filter matching more than 10,000 (`too_many`, with `count`)", body = Problem, content_type = "application/problem+json"),
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
    let (chosen, reason) = validate(&body, process.id, &who)?;
    let status = body.status;
    let result = state
        .db
        .write(move |conn| {
            let before = chosen.resolve(conn, process.id)?;
            let ids: Vec<SubmissionId> = before.iter().map(|(id, _)| *id).collect();
            for slice in ids.chunks(selection::BATCH) {
                db::submissions::moderate_many(conn, slice, status, reason.as_deref(), db::now())?;
            }
            for (id, from) in &before {
                AuditEvent::new(AuditAction::SubmissionModerate)
                    .target("submission", id)
                    .reason(reason.clone())
                    .details(json!({ "from": from, "to": status, "bulk": true }))
                    .record(conn, Some(admin), Some(ip))?;
            }
            let changed = before.iter().filter(|(_, from)| *from != status).count();
            Ok(BulkModerationResult {
                matched: ids.len(),
                submission_ids: ids,
                status,
                changed,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
}
