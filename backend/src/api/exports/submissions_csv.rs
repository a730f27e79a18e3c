//! One CSV row per submission (admin).

use crate::{api::extract::InProcess, auth::op};
use actix_web::{get, web, HttpRequest, HttpResponse};

use super::{export, format::Format, ExportOptions, ExportQuery};
use crate::api::submission_filters::SubmissionFilters;
use crate::{
    auth::ClientIp,
    error::{ApiError, Problem},
    state::AppState,
};

/// One CSV row per submission (admin): primary category, distribution, status, location, contributor type, timestamps. Cells that would run as formulas are neutralised.
#[utoipa::path(
    operation_id = "exportSubmissionsCsv",
    tag = "exports",
    params(("slug" = String, Path), SubmissionFilters, ExportOptions),
    responses(
        (status = 200, description = "One CSV row per submission (admin): primary category, distribution, status, location, contributor type, timestamps. Cells that would run as formulas are neutralised.", content_type = "text/csv", body = String),
        (status = 403, description = "Not an admin, or a cross-site navigation", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[get("/processes/{slug}/exports/submissions.csv")]
pub async fn submissions_csv(
    state: web::Data<AppState>,
    InProcess { who, process, .. }: InProcess<op::ExportSubmissionsCsv>,
    ip: ClientIp,
    req: HttpRequest,
    query: ExportQuery,
) -> Result<HttpResponse, ApiError> {
    export(state, who, ip, req, process, query, Format::SubmissionsCsv).await
}
