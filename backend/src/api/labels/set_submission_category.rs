//! Set the category of every sentence of a submission (admin); each becomes a training example.

use super::{check_category, label_sentences, CategoryRequest, SentenceView};
use crate::auth::{op, Allowed};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::ClientIp,
    db::{
        self,
        analysis::{self as rows},
    },
    domain::SubmissionId,
    error::{ApiError, Conflict, Problem},
    state::AppState,
};
use actix_web::{put, web, HttpResponse};
use serde_json::json;

/// Set the category of every sentence of a submission (admin); each becomes a training example.
#[utoipa::path(
    operation_id = "setSubmissionCategory",
    tag = "analysis",
    params(("id" = SubmissionId, Path)),
    request_body = CategoryRequest,
    responses((status = 200, body = Vec<SentenceView>), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, description = "Not analysed yet", body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[put("/submissions/{id}/category")]
pub async fn set_submission_category(
    state: web::Data<AppState>,
    admin: Allowed<op::SetSubmissionCategory>,
    ip: ClientIp,
    id: web::Path<SubmissionId>,
    body: web::Json<CategoryRequest>,
) -> Result<HttpResponse, ApiError> {
    let who = admin.who;
    let admin = who.token_id;
    let (id, category) = (id.into_inner(), body.into_inner().category);
    let sentences = state
        .db
        .write(move |conn| {
            let submission = db::submissions::by_id(conn, id)?.ok_or(ApiError::NotFound)?;
            who.reach(submission.process_id)?;
            let process =
                db::processes::by_id(conn, submission.process_id)?.ok_or(ApiError::NotFound)?;
            check_category(&process, &category)?;
            let sentences = rows::for_submission(conn, id)?;
            if sentences.is_empty() {
                return Err(ApiError::Conflict(
                    Conflict::NotAnalysed,
                    "This submission has not been analysed yet; try again shortly.".into(),
                ));
            }
            label_sentences(conn, &process, &sentences, &category, admin)?;
            AuditEvent::new(AuditAction::SubmissionCategorise)
                .target("submission", id)
                .details(json!({ "to": category, "sentences": sentences.len() }))
                .record(conn, Some(admin), Some(ip))?;
            Ok(rows::for_submission(conn, id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(sentences.iter().map(SentenceView::from).collect::<Vec<_>>()))
}
