//! Write a submission. Participants: text and optional location, while the process accepts

use super::{moderation, new_view, SubmissionView};
use crate::api::extract::InProcess;
use crate::auth::op;
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::ClientIp,
    db::{self, submissions::NewSubmission},
    domain::{Location, SubmissionStatus, SubmissionText},
    error::{ApiError, FieldCode, FieldError, Problem},
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmissionCreate {
    /// 1-5000 characters after trimming.
    #[schema(
        example = "Turn the vacant lot on Elm Street into a community garden.",
        min_length = 1,
        max_length = 5000,
        pattern = "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*$"
    )]
    pub text: String,
    pub location: Option<Location>,
    /// Admins only: the contributor type of the person whose paper input this is.
    #[schema(pattern = "^[a-z][a-z0-9_]{0,31}$")]
    pub contributor_type: Option<String>,
}

/// Write a submission. Participants: text and optional location, while the process accepts
/// submissions. Admins: also `contributor_type`, to enter paper or workshop input.
#[utoipa::path(
    operation_id = "createSubmission",
    tag = "submissions",
    params(("slug" = String, Path)),
    request_body = SubmissionCreate,
    responses(
        (status = 201, body = SubmissionView),
        (status = 403, description = "Other process, or submissions closed", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[post("/processes/{slug}/submissions")]
pub async fn create(
    state: web::Data<AppState>,
    InProcess {
        who, process, body, ..
    }: InProcess<op::CreateSubmission, web::Json<SubmissionCreate>>,
    ip: ClientIp,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut errors = Vec::new();
    let text = SubmissionText::parse(&body.text)
        .map_err(|e| errors.push(e))
        .ok();
    let location = body
        .location
        .map(|l| l.validate("location"))
        .transpose()
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let contributor_type = if who.is_staff() {
        match body.contributor_type {
            Some(kind) if process.has_contributor_type(&kind) => Some(kind),
            Some(_) => {
                errors.push(FieldError::new(
                    "contributor_type",
                    FieldCode::NotAllowed,
                    "is not one of this process's contributor types",
                ));
                None
            }
            None => {
                errors.push(FieldError::new(
                    "contributor_type",
                    FieldCode::Required,
                    "is required when an admin enters a submission",
                ));
                None
            }
        }
    } else {
        if body.contributor_type.is_some() {
            errors.push(FieldError::new(
                "contributor_type",
                FieldCode::Invalid,
                "comes from your token and cannot be set",
            ));
        }
        who.contributor_type.clone()
    };
    if !who.is_staff() && !process.submissions_open {
        return Err(ApiError::SubmissionsClosed);
    }
    let (Some(text), Some(contributor_type), true) = (text, contributor_type, errors.is_empty())
    else {
        return Err(ApiError::Validation(errors));
    };
    if !who.is_staff() {
        state.limiters.check_submission(who.token_id).await?;
    }
    let now = db::now();
    let mut new = NewSubmission {
        process_id: process.id,
        token_id: who.token_id,
        contributor_type,
        text: text.into_inner(),
        lat: location.map(|l| l.lat),
        lng: location.map(|l| l.lng),
        status: SubmissionStatus::Visible,
        moderation_reason: None,
        entered_by_admin: who.is_staff(),
        created_at: now,
        updated_at: now,
    };
    let admin = who.is_staff();
    let row = state
        .db
        .write(move |conn| {
            // Pre-moderation holds a participant's words until an admin restores them; staff
            // entering paper input are not held.
            if !admin && db::moderation_settings::of(conn, new.process_id)?.pre_moderation {
                new.status = SubmissionStatus::Flagged;
                new.moderation_reason = Some(moderation::AWAITING_APPROVAL.to_owned());
            }
            let row = db::submissions::insert(conn, &new)?;
            if admin {
                AuditEvent::new(AuditAction::SubmissionEnterOnBehalf)
                    .target("submission", row.id)
                    .details(json!({ "contributor_type": row.contributor_type }))
                    .record(conn, Some(who.token_id), Some(ip))?;
            }
            Ok(row)
        })
        .await?;
    state.analyzer.notify();
    Ok(HttpResponse::Created().json(new_view(row, &process, admin)))
}
