//! Make a finished run the process's model (admin); new analyses use it at once.

use super::{run_view, RunView};
use crate::auth::{op, Allowed};
use crate::domain::vocab::RunState;
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::ClientIp,
    db::{
        self,
        analysis::{self as rows},
    },
    error::{ApiError, Conflict, Problem},
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use serde_json::json;

/// Make a finished run the process's model (admin); new analyses use it at once.
#[utoipa::path(
    operation_id = "activateTrainingRun",
    tag = "analysis",
    params(("id" = crate::domain::RunId, Path)),
    responses((status = 200, body = RunView), (status = 409, description = "Run not finished", body = Problem, content_type = "application/problem+json")),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[post("/training-runs/{id}/activate")]
pub async fn activate_run(
    state: web::Data<AppState>,
    admin: Allowed<op::ActivateTrainingRun>,
    ip: ClientIp,
    id: web::Path<crate::domain::RunId>,
) -> Result<HttpResponse, ApiError> {
    let who = admin.who;
    let admin = who.token_id;
    let id = id.into_inner();
    let run = state
        .db
        .write(move |conn| {
            let run = rows::run_by_id(conn, id)?.ok_or(ApiError::NotFound)?;
            who.reach(run.process_id)?;
            if run.state != RunState::Done {
                return Err(ApiError::Conflict(
                    Conflict::RunNotReady,
                    format!(
                        "Training run {id} is {}; only finished runs can be activated.",
                        run.state
                    ),
                ));
            }
            let process = db::processes::by_id(conn, run.process_id)?.ok_or(ApiError::NotFound)?;
            db::processes::set_active_model(conn, run.process_id, Some(id))?;
            AuditEvent::new(AuditAction::TrainingActivate)
                .target("process", &process.slug)
                .details(json!({ "from": process.active_model_run_id, "to": id }))
                .record(conn, Some(admin), Some(ip))?;
            Ok(run)
        })
        .await?;
    Ok(HttpResponse::Ok().json(run_view(&run, Some(run.id))))
}
