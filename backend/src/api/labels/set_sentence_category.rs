//! Set a sentence's category (admin); recorded as a training example.

use super::{check_category, label_sentences, CategoryRequest, SentenceView};
use crate::auth::{op, Allowed};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::ClientIp,
    db::{
        self,
        analysis::{self as rows},
    },
    domain::SentenceId,
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{put, web, HttpResponse};
use serde_json::json;

/// Set a sentence's category (admin); recorded as a training example.
#[utoipa::path(
    operation_id = "setSentenceCategory",
    tag = "analysis",
    params(("id" = SentenceId, Path)),
    request_body = CategoryRequest,
    responses((status = 200, body = SentenceView), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[put("/sentences/{id}/category")]
pub async fn set_sentence_category(
    state: web::Data<AppState>,
    admin: Allowed<op::SetSentenceCategory>,
    ip: ClientIp,
    id: web::Path<SentenceId>,
    body: web::Json<CategoryRequest>,
) -> Result<HttpResponse, ApiError> {
    let who = admin.who;
    let admin = who.token_id;
    let (id, category) = (id.into_inner(), body.into_inner().category);
    let sentence = state
        .db
        .write(move |conn| {
            let sentence = rows::by_id(conn, id)?.ok_or(ApiError::NotFound)?;
            let submission = db::submissions::by_id(conn, sentence.submission_id)?.ok_or(ApiError::NotFound)?;
            who.reach(submission.process_id)?;
            let process = db::processes::by_id(conn, submission.process_id)?.ok_or(ApiError::NotFound)?;
            check_category(&process, &category)?;
            label_sentences(conn, &process, std::slice::from_ref(&sentence), &category, admin)?;
            AuditEvent::new(AuditAction::SentenceCategorise)
                .target("sentence", id)
                .details(json!({ "from": sentence.category, "to": category, "submission": sentence.submission_id }))
                .record(conn, Some(admin), Some(ip))?;
            rows::by_id(conn, id)?.ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(HttpResponse::Ok().json(SentenceView::from(&sentence)))
}
