//! Withdraw one's support of a submission (participants).

use super::{change, SupportState};
use crate::auth::{op, Allowed};
use crate::{
    domain::SubmissionId,
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{delete, web, HttpResponse};

/// Withdraw one's support of a submission (withdrawing one never given changes nothing), while
/// the process is open. Limited per token like supporting.
#[utoipa::path(
    operation_id = "withdrawSupport",
    tag = "submissions",
    params(("id" = SubmissionId, Path)),
    responses(
        (status = 200, body = SupportState),
        (status = 403, description = "The process is closed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No visible submission of the caller's process with public submissions", body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[delete("/submissions/{id}/support")]
pub async fn withdraw(
    state: web::Data<AppState>,
    Allowed { who, .. }: Allowed<op::WithdrawSupport>,
    id: web::Path<SubmissionId>,
) -> Result<HttpResponse, ApiError> {
    let state = change(&state, who, id.into_inner(), false).await?;
    Ok(HttpResponse::Ok().json(state))
}
