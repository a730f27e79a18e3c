//! Other participants' visible submissions, newest first — only when the process makes them

use super::{public_page, PublicSubmission};
use crate::api::extract::InProcess;
use crate::api::pagination::{Page, PageQuery, PageRequest};
use crate::auth::op;
use crate::{
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{get, web, HttpResponse};

/// Other participants' visible submissions, newest first — only when the process makes them
/// public (participants of the process and admins).
#[utoipa::path(
    operation_id = "listPublicSubmissions",
    tag = "submissions",
    params(("slug" = String, Path), PageQuery),
    responses((status = 200, body = Page<PublicSubmission>), (status = 403, description = "Not public", body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[get("/processes/{slug}/public-submissions")]
pub async fn public_submissions(
    state: web::Data<AppState>,
    InProcess { who, process, .. }: InProcess<op::ListPublicSubmissions>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    if !who.is_staff() && !process.public_submissions {
        return Err(ApiError::Forbidden);
    }
    Ok(HttpResponse::Ok().json(
        public_page(
            &state,
            &process,
            PageRequest::new(query.limit, query.offset),
            (!who.is_staff()).then_some(who.token_id),
        )
        .await?,
    ))
}
