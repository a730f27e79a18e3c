//! This API's OpenAPI 3.1 document.

use crate::state::AppState;
use actix_web::{get, web, HttpResponse};

/// This API's OpenAPI 3.1 document.
#[utoipa::path(
    operation_id = "getOpenApi",tag = "health", responses((status = 200, description = "OpenAPI document", content_type = "application/json")))]
#[get("/openapi.json")]
pub async fn openapi_json(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(state.openapi_json.clone())
}
