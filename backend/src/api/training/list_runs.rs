//! Training runs of a process, newest first, with metrics (admin).

use super::{run_view, RunView};
use crate::{api::extract::InProcess, auth::op};
use crate::{
    db::analysis::{self as rows},
    error::ApiError,
    state::AppState,
};
use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct RunList {
    /// The run analysing this process now; null = the default model.
    pub active_run_id: Option<crate::domain::RunId>,
    pub runs: Vec<RunView>,
}

/// Training runs of a process, newest first, with metrics (admin).
#[utoipa::path(
    operation_id = "listTrainingRuns",
    tag = "analysis",
    params(("slug" = String, Path)),
    responses((status = 200, body = RunList)),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[get("/processes/{slug}/training-runs")]
pub async fn list_runs(
    state: web::Data<AppState>,
    InProcess { process, .. }: InProcess<op::ListTrainingRuns>,
) -> Result<HttpResponse, ApiError> {
    let active = process.active_model_run_id;
    let runs = state
        .db
        .read(move |conn| Ok(rows::runs_for_process(conn, process.id)?))
        .await?;
    Ok(HttpResponse::Ok().json(RunList {
        active_run_id: active,
        runs: runs.iter().map(|r| run_view(r, active)).collect(),
    }))
}
