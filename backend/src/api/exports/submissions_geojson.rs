//! Located submissions as an RFC 7946 FeatureCollection of Points in longitude, latitude order (admin).

use crate::{api::extract::InProcess, auth::op};
use actix_web::{get, web, HttpRequest, HttpResponse};

use super::{export, format::Format, ExportOptions, ExportQuery};
use crate::api::submission_filters::SubmissionFilters;
use crate::{
    auth::ClientIp,
    error::{ApiError, Problem},
    state::AppState,
};

/// Located submissions as an RFC 7946 FeatureCollection of Points in longitude, latitude order (admin).
#[utoipa::path(
    operation_id = "exportSubmissionsGeoJson",
    tag = "exports",
    params(("slug" = String, Path), SubmissionFilters, ExportOptions),
    responses(
        (status = 200, description = "Located submissions as an RFC 7946 FeatureCollection of Points in longitude, latitude order (admin).", content_type = "application/geo+json", body = Object),
        (status = 403, description = "Not an admin, or a cross-site navigation", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[get("/processes/{slug}/exports/submissions.geojson")]
pub async fn submissions_geojson(
    state: web::Data<AppState>,
    InProcess { who, process, .. }: InProcess<op::ExportSubmissionsGeoJson>,
    ip: ClientIp,
    req: HttpRequest,
    query: ExportQuery,
) -> Result<HttpResponse, ApiError> {
    export(state, who, ip, req, process, query, Format::GeoJson).await
}
