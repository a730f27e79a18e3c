//! A background job's progress (admin).

use super::JobView;
use crate::{
    auth::Admin,
    db::jobs::{self},
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{get, web, HttpResponse};

/// A background job's progress (admin).
#[utoipa::path(
    operation_id = "getJob",
    tag = "analysis",
    params(("id" = crate::domain::JobId, Path)),
    responses((status = 200, body = JobView), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[get("/jobs/{id}")]
pub async fn get_job(
    state: web::Data<AppState>,
    _admin: Admin,
    id: web::Path<crate::domain::JobId>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let job = state
        .db
        .read(move |conn| Ok(jobs::by_id(conn, id)?))
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().json(JobView::from(job)))
}
