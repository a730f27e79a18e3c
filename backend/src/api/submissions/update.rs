//! Edit (owner, while open: text and location) or moderate (admin: status and reason).

use super::{load_visible, moderation, view, SubmissionView};
use crate::auth::{op, Allowed};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::ClientIp,
    db::{self, submissions::SubmissionChanges},
    domain::SubmissionId,
    domain::{Location, SubmissionStatus, SubmissionText},
    error::{ApiError, FieldCode, FieldError, Problem},
    state::AppState,
};
use actix_web::{patch, web, HttpResponse};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

/// Owners change `text` and `location` (null removes it); admins change `status` with a
/// `reason` (required for hidden and flagged).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmissionUpdate {
    #[schema(
        min_length = 1,
        max_length = 5000,
        pattern = "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*$"
    )]
    pub text: Option<String>,
    #[serde(default, deserialize_with = "crate::http::body::present")]
    #[schema(value_type = Option<Location>)]
    pub location: Option<Option<Location>>,
    pub status: Option<SubmissionStatus>,
    #[schema(max_length = 500, pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$")]
    pub reason: Option<String>,
}

/// Edit (owner, while open: text and location) or moderate (admin: status and reason).
#[utoipa::path(
    operation_id = "updateSubmission",
    tag = "submissions",
    params(("id" = SubmissionId, Path)),
    request_body = SubmissionUpdate,
    responses(
        (status = 200, body = SubmissionView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[patch("/submissions/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    Allowed { who, .. }: Allowed<op::UpdateSubmission>,
    ip: ClientIp,
    id: web::Path<SubmissionId>,
    body: web::Json<SubmissionUpdate>,
) -> Result<HttpResponse, ApiError> {
    let (row, process) = load_visible(&state, &who, id.into_inner()).await?;
    let body = body.into_inner();
    let owner = row.token_id == who.token_id;
    let edits_content = body.text.is_some() || body.location.is_some();
    let moderates = body.status.is_some() || body.reason.is_some();
    if (edits_content && !owner) || (moderates && !who.is_staff()) {
        return Err(ApiError::Forbidden);
    }
    if edits_content && !who.is_staff() && !process.submissions_open {
        return Err(ApiError::SubmissionsClosed);
    }
    let mut errors = Vec::new();
    let mut changes = SubmissionChanges {
        updated_at: Some(db::now()),
        ..Default::default()
    };
    if let Some(t) = &body.text {
        changes.text = SubmissionText::parse(t)
            .map_err(|e| errors.push(e))
            .ok()
            .map(SubmissionText::into_inner);
        // New words need new sentences and categories.
        changes.analysed_at = Some(None);
    }
    if let Some(location) = body.location {
        let location = location
            .map(|l| l.validate("location"))
            .transpose()
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
        changes.lat = Some(location.map(|l| l.lat));
        changes.lng = Some(location.map(|l| l.lng));
    }
    let mut reason = None;
    if let Some(status) = body.status {
        reason = moderation::reason_for(status, body.reason.as_deref())
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
        changes.status = Some(status);
        changes.moderation_reason = Some(reason.clone());
    } else if body.reason.is_some_and(|r| !r.trim().is_empty()) {
        errors.push(FieldError::new(
            "status",
            FieldCode::Required,
            "is required with a reason",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    // New words in a pre-moderated process wait for approval again, or an approved
    // submission could be rewritten into anything.
    let may_hold =
        changes.text.is_some() && !who.is_staff() && row.status == SubmissionStatus::Visible;
    let (id, previous_status, process_id) = (row.id, row.status, row.process_id);
    let updated = state
        .db
        .write(move |conn| {
            if may_hold && db::moderation_settings::of(conn, process_id)?.pre_moderation {
                changes.status = Some(SubmissionStatus::Flagged);
                changes.moderation_reason = Some(Some(moderation::AWAITING_APPROVAL.to_owned()));
            }
            let updated = db::submissions::update(conn, id, &changes)?;
            if let (Some(status), true) = (&changes.status, moderates) {
                AuditEvent::new(AuditAction::SubmissionModerate)
                    .target("submission", id)
                    .reason(reason)
                    .details(json!({ "from": previous_status, "to": status }))
                    .record(conn, Some(who.token_id), Some(ip))?;
            }
            Ok(updated)
        })
        .await?;
    if updated.analysed_at.is_none() {
        state.analyzer.notify();
    }
    Ok(HttpResponse::Ok().json(view(&state, updated, &process, who.is_staff()).await?))
}
