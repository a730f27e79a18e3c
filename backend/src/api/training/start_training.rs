//! Start a training run (admin): a background job; activate the run when its metrics suit you.

use super::{run_view, RunView};
use crate::api::jobs::JobView;
use crate::{api::extract::InProcess, auth::op};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::ClientIp,
    db::{
        self,
        analysis::{self as rows, NewModelRun},
    },
    error::ApiError,
    state::AppState,
};
use crate::{domain::vocab::RunState, jobs::Job};
use actix_web::{post, web, HttpResponse};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct StartedRun {
    pub run: RunView,
    pub job: JobView,
}

/// Start a training run (admin): a background job; activate the run when its metrics suit you.
#[utoipa::path(
    operation_id = "startTrainingRun",
    tag = "analysis",
    params(("slug" = String, Path)),
    responses((status = 202, body = StartedRun)),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[post("/processes/{slug}/training-runs")]
pub async fn start_training(
    state: web::Data<AppState>,
    InProcess { who, process, .. }: InProcess<op::StartTrainingRun>,
    ip: ClientIp,
) -> Result<HttpResponse, ApiError> {
    let admin = who.token_id;
    let engine = state.analyzer.engine_kind().as_str().to_owned();
    let (run, job) = state
        .db
        .write(move |conn| {
            let now = db::now();
            let run = rows::insert_run(
                conn,
                &NewModelRun {
                    process_id: process.id,
                    engine,
                    state: RunState::Queued,
                    created_by: Some(admin),
                    created_at: now,
                },
            )?;
            let job = Job::Train { run_id: run.id }.enqueue(conn, process.id, admin)?;
            AuditEvent::new(AuditAction::TrainingStart)
                .target("process", &process.slug)
                .details(json!({ "run": run.id, "job": job.id }))
                .record(conn, Some(admin), Some(ip))?;
            Ok((run, job))
        })
        .await?;
    state.analyzer.notify();
    Ok(HttpResponse::Accepted().json(StartedRun {
        run: run_view(&run, None),
        job: JobView::from(job),
    }))
}
