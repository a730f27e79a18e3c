//! Liveness with a database check, and the OpenAPI document.

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    app::AppState,
    error::{ApiError, Problem},
};

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

/// This API's OpenAPI 3.1 document.
#[utoipa::path(
    operation_id = "getOpenApi",tag = "health", responses((status = 200, description = "OpenAPI document", content_type = "application/json")))]
#[get("/openapi.json")]
pub async fn openapi_json(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(state.openapi_json.clone())
}
