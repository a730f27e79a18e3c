//! A background job's progress (admin).

use super::JobView;
use crate::auth::{op, Allowed};
use crate::{
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
    Allowed { who, .. }: Allowed<op::GetJob>,
    id: web::Path<crate::domain::JobId>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let job = state
        .db
        .read(move |conn| Ok(jobs::by_id(conn, id)?))
        .await?
        .ok_or(ApiError::NotFound)?;
    // A job of no process (none is queued that way today) is the owner's.
    match job.process_id {
        Some(process_id) => who.reach(process_id)?,
        None if !who.is_owner() => return Err(ApiError::NotFound),
        None => {}
    }
    Ok(HttpResponse::Ok().json(JobView::from(job)))
}
