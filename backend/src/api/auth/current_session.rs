//! The current caller, from the session cookie or bearer token.

use super::{session_info, SessionInfo};
use crate::auth::{op, Allowed};
use crate::{
    error::{ApiError, Problem},
    state::AppState,
};
use actix_web::{get, web, HttpResponse};

/// The current caller, from the session cookie or bearer token.
#[utoipa::path(
    operation_id = "getSession",
    tag = "auth",
    responses(
        (status = 200, body = SessionInfo),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ),
    security(("session_cookie" = []), ("bearer" = []))
)]
#[get("/auth/session")]
pub async fn current_session(
    state: web::Data<AppState>,
    Allowed { who, .. }: Allowed<op::GetSession>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(session_info(&state, &who).await?))
}
