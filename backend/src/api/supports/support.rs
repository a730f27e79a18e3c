//! Support a submission instead of writing the same again (participants).

use super::{change, SupportState};
use crate::auth::{op, Allowed};
use crate::{
    domain::SubmissionId,
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{put, web, HttpResponse};

/// Support someone else's visible submission instead of writing the same again: once per
/// token (supporting again changes nothing), in a process with public submissions while it
/// is open. Limited per token (default 120 supports or withdrawals an hour).
#[utoipa::path(
    operation_id = "supportSubmission",
    tag = "submissions",
    params(("id" = SubmissionId, Path)),
    responses(
        (status = 200, body = SupportState),
        (status = 403, description = "The process is closed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No visible submission of the caller's process with public submissions", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The caller's own submission", body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[put("/submissions/{id}/support")]
pub async fn support(
    state: web::Data<AppState>,
    Allowed { who, .. }: Allowed<op::SupportSubmission>,
    id: web::Path<SubmissionId>,
) -> Result<HttpResponse, ApiError> {
    let state = change(&state, who, id.into_inner(), true).await?;
    Ok(HttpResponse::Ok().json(state))
}
