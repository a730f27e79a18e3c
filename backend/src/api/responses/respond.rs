//! Answer submissions (admin): one, a selection, or whole duplicate groups (the named
//! submissions and every submission marked as a duplicate of one of them), with one status and
//! reply.

use crate::api::{extract::InProcess, selection};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::{op, ClientIp},
    db::{self},
    domain::{text, ResponseStatus, SubmissionId},
    error::{ApiError, FieldError, Problem},
    state::AppState,
};
use actix_web::{put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

/// The longest public reply, in characters.
pub const REPLY_MAX: usize = 2000;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RespondRequest {
    pub status: ResponseStatus,
    /// Public reply (1-2000 characters, not only spaces; line breaks allowed), or null for none.
    #[schema(
        min_length = 1,
        max_length = 2000,
        pattern = "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*$"
    )]
    pub reply: Option<String>,
    /// The submissions to answer (1-500 ids of this process).
    #[schema(min_items = 1, max_items = 500)]
    pub submission_ids: Vec<SubmissionId>,
    /// Also answer every submission marked as a duplicate of one named (a whole duplicate
    /// group answered by naming its original). Default false.
    #[serde(default)]
    pub include_duplicates: bool,
}

#[derive(Serialize, ToSchema)]
pub struct RespondResult {
    /// The submissions answered, by id.
    pub submission_ids: Vec<SubmissionId>,
    pub status: ResponseStatus,
    pub reply: Option<String>,
}

/// Checks a public reply (1-2000 characters, not only spaces; line breaks allowed) and returns
/// it trimmed. Every way of answering (a selection, a whole theme) checks its reply with this.
pub fn checked_reply(reply: Option<&str>) -> Result<Option<String>, FieldError> {
    reply
        .map(|r| text::multi_line("reply", r, 1, REPLY_MAX))
        .transpose()
}

/// Checks the body: one target, a sensible reply. Returns the trimmed reply.
fn validate(body: &RespondRequest) -> Result<Option<String>, ApiError> {
    let mut errors: Vec<_> = selection::size_error(&body.submission_ids)
        .into_iter()
        .collect();
    let reply = checked_reply(body.reply.as_deref()).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    if errors.is_empty() {
        Ok(reply)
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Answer submissions of a process (admin): one status and optional public reply for a
/// selection of submissions, optionally with their duplicates. Participants see the answer under
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
            let asked: Vec<SubmissionId> =
                selection::in_process(conn, process.id, body.submission_ids)?
                    .into_iter()
                    .map(|(id, _)| id)
                    .collect();
            let ids = if body.include_duplicates {
                db::responses::with_duplicates(conn, process.id, &asked)?
            } else {
                asked
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
