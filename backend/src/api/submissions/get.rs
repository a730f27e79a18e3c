//! One submission: its owner or an admin.

use super::{load_visible, view, SubmissionView};
use crate::auth::{op, Allowed};
use crate::{
    domain::SubmissionId,
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{get, web, HttpResponse};

/// One submission: its owner or an admin.
#[utoipa::path(
    operation_id = "getSubmission",
    tag = "submissions",
    params(("id" = SubmissionId, Path)),
    responses((status = 200, body = SubmissionView), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[get("/submissions/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    Allowed { who, .. }: Allowed<op::GetSubmission>,
    id: web::Path<SubmissionId>,
) -> Result<HttpResponse, ApiError> {
    let (row, process) = load_visible(&state, &who, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(view(&state, row, &process, who.is_staff()).await?))
}
