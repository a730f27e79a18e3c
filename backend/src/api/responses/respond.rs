//! Answer submissions (admin): one, a selection, every submission matching the admin list's
//! filters, or whole duplicate groups (the selected submissions and every submission marked as
//! a duplicate of one of them), with one status and reply.

use std::collections::BTreeSet;

use crate::api::{
    extract::InProcess,
    selection::{self, Selection},
    submission_filters::SubmissionFilters,
};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::{op, ClientIp, Identity},
    db::{self, DbConn},
    domain::{text, ProcessId, ResponseStatus, SubmissionId, TokenId},
    error::{ApiError, FieldError, Problem},
    http::body::optional_object,
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
    /// The submissions to answer (1-500 ids of this process). Give this or `filter`.
    #[serde(default)]
    #[schema(min_items = 1, max_items = 500)]
    pub submission_ids: Option<Vec<SubmissionId>>,
    /// Instead of `submission_ids`: every submission of this process that the admin list's
    /// filters match when the request runs (at most 10,000; more is refused with `too_many`
    /// and the count). `{}` selects them all.
    #[serde(default, deserialize_with = "optional_object")]
    pub filter: Option<SubmissionFilters>,
    /// Also answer every submission marked as a duplicate of one selected (a whole duplicate
    /// group answered by naming its original; they come on top of the 10,000). Default false.
    #[serde(default)]
    pub include_duplicates: bool,
}

#[derive(Serialize, ToSchema)]
pub struct RespondResult {
    /// The submissions answered, by id (with their duplicates when asked for).
    pub submission_ids: Vec<SubmissionId>,
    pub status: ResponseStatus,
    pub reply: Option<String>,
    /// How many submissions the ids named or the filter matched when the request ran
    /// (duplicates added by `include_duplicates` not counted).
    pub matched: usize,
    /// How many of those answered now have another answer than before (a submission never
    /// answered had `received` and no reply).
    pub changed: usize,
}

/// Checks a public reply (1-2000 characters, not only spaces; line breaks allowed) and returns
/// it trimmed. Every way of answering (a selection, a whole theme) checks its reply with this.
pub fn checked_reply(reply: Option<&str>) -> Result<Option<String>, FieldError> {
    reply
        .map(|r| text::multi_line("reply", r, 1, REPLY_MAX))
        .transpose()
}

/// Checks the body: one selection, a sensible reply. Returns both, the reply trimmed.
fn validate(
    body: &RespondRequest,
    process_id: ProcessId,
    who: &Identity,
) -> Result<(Selection, Option<String>), ApiError> {
    let mut errors = Vec::new();
    let chosen = Selection::from_request(
        body.submission_ids.clone(),
        body.filter.as_ref(),
        process_id,
        who,
    )
    .map_err(|e| errors.push(e))
    .ok();
    let reply = checked_reply(body.reply.as_deref()).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    match chosen {
        Some(chosen) if errors.is_empty() => Ok((chosen, reply)),
        _ => Err(ApiError::Validation(errors)),
    }
}

/// `ids` and every submission marked as a duplicate of one of them, each once in id order.
fn with_duplicates(
    conn: &mut DbConn,
    process_id: ProcessId,
    ids: &[SubmissionId],
) -> Result<Vec<SubmissionId>, ApiError> {
    let mut all = BTreeSet::new();
    for slice in ids.chunks(selection::BATCH) {
        all.extend(db::responses::with_duplicates(conn, process_id, slice)?);
    }
    Ok(all.into_iter().collect())
}

/// Sets the answer on `ids`, a slice at a time; returns how many had another answer before.
/// Every way of answering (a selection, a whole theme) writes with this.
pub fn answer(
    conn: &mut DbConn,
    ids: &[SubmissionId],
    status: ResponseStatus,
    reply: Option<&str>,
    admin: TokenId,
) -> Result<usize, ApiError> {
    let mut changed = 0;
    for slice in ids.chunks(selection::BATCH) {
        let before = db::responses::for_submissions(conn, slice)?;
        let mut unchanged = before
            .iter()
            .filter(|r| r.status == status && r.reply.as_deref() == reply)
            .count();
        if status == ResponseStatus::Received && reply.is_none() {
            // Never answered reads as `received` with no reply.
            unchanged += slice.len() - before.len();
        }
        changed += slice.len() - unchanged;
        db::responses::set(conn, slice, status, reply, admin, db::now())?;
    }
    Ok(changed)
}

/// Answer submissions of a process (admin): one status and optional public reply for a
/// selection of submissions (named, or every one a filter matches), optionally with their
/// duplicates. Participants see the answer under
/// "My submissions"; every call is audited.
#[utoipa::path(
    operation_id = "respondToSubmissions",
    tag = "submissions",
    params(("slug" = String, Path)),
    request_body = RespondRequest,
    responses(
        (status = 200, body = RespondResult),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid body, neither or both of `submission_ids` and `filter`, ids not in this process (`unknown_reference`), or a filter matching more than 10,000 (`too_many`, with `count`)", body = Problem, content_type = "application/problem+json"),
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
    let (chosen, reply) = validate(&body, process.id, &who)?;
    let status = body.status;
    let result = state
        .db
        .write(move |conn| {
            let asked: Vec<SubmissionId> = chosen
                .resolve(conn, process.id)?
                .into_iter()
                .map(|(id, _)| id)
                .collect();
            let matched = asked.len();
            let ids = if body.include_duplicates {
                with_duplicates(conn, process.id, &asked)?
            } else {
                asked
            };
            let changed = answer(conn, &ids, status, reply.as_deref(), admin)?;
            // A filter's selection is recorded as the filter and the count: its ids can run
            // to thousands, and each submission keeps who answered it and when.
            let details = match &body.filter {
                Some(filter) => json!({
                    "filter": filter,
                    "count": ids.len(),
                    "include_duplicates": body.include_duplicates,
                    "status": status,
                    "reply": reply,
                }),
                None => json!({
                    "submissions": ids,
                    "status": status,
                    "reply": reply,
                }),
            };
            AuditEvent::new(AuditAction::SubmissionRespond)
                .target("process", &process.slug)
                .details(details)
                .record(conn, Some(admin), Some(ip))?;
            Ok(RespondResult {
                submission_ids: ids,
                status,
                reply,
                matched,
                changed,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
}
