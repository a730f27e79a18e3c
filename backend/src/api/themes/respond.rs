//! Answer a whole theme (admin): one response status and optional public reply for every
//! submission the theme holds (and, asked to, their duplicates), checked and audited as answering
//! a selection is.

use crate::api::extract::InProcess;
use crate::api::responses::respond::{answer, checked_reply, RespondResult};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::{op, ClientIp},
    db::{self},
    domain::{ResponseStatus, ThemeId},
    error::{ApiError, Conflict, Problem},
    state::AppState,
};
use actix_web::{put, web, HttpResponse};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeRespondRequest {
    pub status: ResponseStatus,
    /// Public reply (1-2000 characters, not only spaces; line breaks allowed), or null for none.
    #[schema(
        min_length = 1,
        max_length = 2000,
        pattern = "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]*$"
    )]
    pub reply: Option<String>,
    /// Also answer every submission marked as a duplicate of one in the theme. Default false.
    #[serde(default)]
    pub include_duplicates: bool,
}

/// The theme named in the path (the process is the `{slug}`, read by [`InProcess`]).
#[derive(Deserialize)]
pub struct ThemePath {
    id: ThemeId,
}

/// Answer a whole theme (admin): one status and optional public reply for every submission in
/// the theme (those with a sentence in it), optionally with their duplicates. Participants see
/// the answer under "My submissions"; the call is audited as `submission.respond`, naming the
/// theme.
#[utoipa::path(
    operation_id = "respondToTheme",
    tag = "submissions",
    params(("slug" = String, Path), ("id" = ThemeId, Path)),
    request_body = ThemeRespondRequest,
    responses(
        (status = 200, body = RespondResult),
        (status = 404, description = "No such process, or no such theme in it", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The theme was computed before themes recorded their submissions (`theme_members_unknown`): compute themes again", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[put("/processes/{slug}/themes/{id}/response")]
pub async fn respond(
    state: web::Data<AppState>,
    ip: ClientIp,
    path: web::Path<ThemePath>,
    InProcess {
        who, process, body, ..
    }: InProcess<op::RespondToTheme, web::Json<ThemeRespondRequest>>,
) -> Result<HttpResponse, ApiError> {
    let admin = who.token_id;
    let id = path.into_inner().id;
    let body = body.into_inner();
    let reply = checked_reply(body.reply.as_deref()).map_err(|e| ApiError::Validation(vec![e]))?;
    let status = body.status;
    let result = state
        .db
        .write(move |conn| {
            let theme = db::themes::by_id(conn, id)?
                .filter(|t| t.process_id == process.id)
                .ok_or(ApiError::NotFound)?;
            if !theme.members_known {
                return Err(ApiError::Conflict(
                    Conflict::ThemeMembersUnknown,
                    "this theme was computed before themes recorded their submissions: \
                     compute the themes again, then answer the theme"
                        .into(),
                ));
            }
            let members = db::theme_members::submissions_of(conn, id, false)?;
            let matched = members.len();
            let ids = if body.include_duplicates {
                db::theme_members::submissions_of(conn, id, true)?
            } else {
                members
            };
            // A theme may hold thousands: `answer` writes them a slice at a time.
            let changed = answer(conn, &ids, status, reply.as_deref(), admin)?;
            AuditEvent::new(AuditAction::SubmissionRespond)
                .target("process", &process.slug)
                .details(json!({
                    "theme": {
                        "id": theme.id,
                        "label": theme.custom_label.unwrap_or(theme.label),
                    },
                    "include_duplicates": body.include_duplicates,
                    "submissions": ids,
                    "status": status,
                    "reply": reply,
                }))
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
