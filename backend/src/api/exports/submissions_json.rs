//! Every matching submission with its sentences, as a JSON array (admin).

use crate::{api::extract::InProcess, auth::op};
use actix_web::{get, web, HttpRequest, HttpResponse};

use super::ExportedSubmission;
use super::{export, format::Format, ExportOptions, ExportQuery};
use crate::api::submission_filters::SubmissionFilters;
use crate::{
    auth::ClientIp,
    error::{ApiError, Problem},
    state::AppState,
};

/// Every matching submission with its sentences, as a JSON array (admin).
#[utoipa::path(
    operation_id = "exportSubmissionsJson",
    tag = "exports",
    params(("slug" = String, Path), SubmissionFilters, ExportOptions),
    responses(
        (status = 200, description = "Every matching submission with its sentences, as a JSON array (admin).", content_type = "application/json", body = Vec<ExportedSubmission>),
        (status = 403, description = "Not an admin, or a cross-site navigation", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[get("/processes/{slug}/exports/submissions.json")]
pub async fn submissions_json(
    state: web::Data<AppState>,
    InProcess { who, process, .. }: InProcess<op::ExportSubmissionsJson>,
    ip: ClientIp,
    req: HttpRequest,
    query: ExportQuery,
) -> Result<HttpResponse, ApiError> {
    export(state, who, ip, req, process, query, Format::Json).await
}
