//! Which analysis engine is active and why (admin).

use crate::auth::{op, Allowed};
use crate::{
    db::jobs::{self},
    error::ApiError,
    state::AppState,
};
use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct EngineStatus {
    /// `embedding` (all-MiniLM-L6-v2) or `lexical` (TF-IDF fallback).
    #[schema(example = "embedding")]
    pub engine: String,
    /// Why this engine is active.
    pub reason: String,
    /// Analysis and training jobs queued or running.
    pub queued_jobs: i64,
}

/// Which analysis engine is active and why (admin).
#[utoipa::path(
    operation_id = "getAnalysisStatus",
    tag = "analysis",
    responses((status = 200, body = EngineStatus)),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[get("/analysis/status")]
pub async fn status(
    state: web::Data<AppState>,
    _admin: Allowed<op::GetAnalysisStatus>,
) -> Result<HttpResponse, ApiError> {
    let queued_jobs = state.db.read(|conn| Ok(jobs::queued_count(conn)?)).await?;
    let engine = state.analyzer.engine();
    Ok(HttpResponse::Ok().json(EngineStatus {
        engine: engine.kind().as_str().into(),
        reason: engine.reason().into(),
        queued_jobs,
    }))
}
