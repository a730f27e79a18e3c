//! Answer submissions (admin): one, a selection, or a duplicate group (the original and every
//! submission marked as its duplicate), with one status and reply.

use crate::api::extract::InProcess;
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::{op, ClientIp},
    db::{self},
    domain::{text, ResponseStatus, SubmissionId},
    error::{ApiError, FieldCode, FieldError, Problem},
    state::AppState,
};
use actix_web::{put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

/// The longest public reply, in characters.
pub const REPLY_MAX: usize = 2000;
/// The most submissions one request may name.
pub const IDS_MAX: usize = 500;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RespondRequest {
    pub status: ResponseStatus,
    /// Public reply (1-2000 characters; line breaks allowed), or null for none.
    #[schema(min_length = 1, max_length = 2000)]
    pub reply: Option<String>,
    /// The submissions to answer (1-500 ids of this process). Give this or `duplicate_group`.
    #[schema(min_items = 1, max_items = 500)]
    pub submission_ids: Option<Vec<SubmissionId>>,
    /// Answer this submission and every submission marked as its duplicate.
    pub duplicate_group: Option<SubmissionId>,
}

#[derive(Serialize, ToSchema)]
pub struct RespondResult {
    /// The submissions answered, by id.
    pub submission_ids: Vec<SubmissionId>,
    pub status: ResponseStatus,
    pub reply: Option<String>,
}

/// Checks the body: one target, a sensible reply. Returns the trimmed reply.
fn validate(body: &RespondRequest) -> Result<Option<String>, ApiError> {
    let mut errors = Vec::new();
    match (&body.submission_ids, body.duplicate_group) {
        (Some(_), Some(_)) => errors.push(FieldError::new(
            "duplicate_group",
            FieldCode::Invalid,
            "give submission_ids or duplicate_group, not both",
        )),
        (None, None) => errors.push(FieldError::new(
            "submission_ids",
            FieldCode::Required,
            "give submission_ids or duplicate_group",
        )),
        (Some(ids), None) if ids.is_empty() => errors.push(
            FieldError::new("submission_ids", FieldCode::TooShort, "name at least one")
                .bounds(Some(1.0), None),
        ),
        (Some(ids), None) if ids.len() > IDS_MAX => errors.push(
            FieldError::new("submission_ids", FieldCode::TooLong, "at most 500 ids")
                .bounds(None, Some(IDS_MAX as f64)),
        ),
        _ => {}
    }
    let reply = match body.reply.as_deref() {
        None => None,
        Some(r) => match text::multi_line("reply", r, 1, REPLY_MAX) {
            Ok(r) => Some(r),
            Err(e) => {
                errors.push(e);
                None
            }
        },
    };
    if errors.is_empty() {
        Ok(reply)
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Answer submissions of a process (admin): one status and optional public reply for a
/// selection of submissions or a whole duplicate group. Participants see the answer under
/// "My submissions"; every call is audited.
#[utoipa::path(
    operation_id = "respondToSubmissions",
    tag = "submissions",
    params(("slug" = String, Path)),
    request_body = RespondRequest,
    responses(
        (status = 200, body = RespondResult),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid body, or ids not in this process (`unknown_reference`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[put("/processes/{slug}/responses")]
pub async fn respond(
    state: web::Data<AppState>,
    ip: ClientIp,
    InProcess {
        who, process, body, ..
    }: InProcess<op::RespondToSubmissions, web::Json<RespondRequest>>,
) -> Result<HttpResponse, ApiError> {
    let admin = who.token_id;
    let body = body.into_inner();
    let reply = validate(&body)?;
    let status = body.status;
    let result = state
        .db
        .write(move |conn| {
            let ids = match (body.submission_ids, body.duplicate_group) {
                (Some(mut asked), _) => {
                    asked.sort();
                    asked.dedup();
                    let found = db::responses::in_process(conn, process.id, &asked)?;
                    if found.len() != asked.len() {
                        return Err(unknown(
                            "submission_ids",
                            "names submissions not in this process",
                        ));
                    }
                    asked
                }
                (None, Some(of)) => {
                    let group = db::responses::duplicate_group(conn, process.id, of)?;
                    if group.is_empty() {
                        return Err(unknown(
                            "duplicate_group",
                            "is not a submission of this process",
                        ));
                    }
                    group
                }
                (None, None) => unreachable!("validated"),
            };
            db::responses::set(conn, &ids, status, reply.as_deref(), admin, db::now())?;
            AuditEvent::new(AuditAction::SubmissionRespond)
                .target("process", &process.slug)
                .details(json!({
                    "submissions": ids,
                    "status": status,
                    "reply": reply,
                }))
                .record(conn, Some(admin), Some(ip))?;
            Ok(RespondResult {
                submission_ids: ids,
                status,
                reply,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
}

fn unknown(field: &str, message: &str) -> ApiError {
    ApiError::field(FieldError::new(field, FieldCode::UnknownReference, message))
}
