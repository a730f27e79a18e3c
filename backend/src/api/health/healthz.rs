//! 200 when the server can query its database, 503 otherwise.

use crate::{
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: String,
}

/// 200 when the server can query its database, 503 otherwise.
#[utoipa::path(
    operation_id = "healthz",
    tag = "health",
    responses((status = 200, body = Health), (status = 503, body = Problem, content_type = "application/problem+json"))
)]
#[get("/healthz")]
pub async fn healthz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let db = state.db.clone();
    web::block(move || db.ping())
        .await
        .map_err(ApiError::internal)?
        .map_err(|_| ApiError::Busy)?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(Health {
            status: "ok".into(),
        }))
}
