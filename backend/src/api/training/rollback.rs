//! Roll back (admin): the previous finished run becomes active, or the default model when

use crate::domain::vocab::RunState;
use crate::{api::extract::InProcess, auth::op};
use crate::{
    audit::{AuditAction, AuditEvent},
    auth::ClientIp,
    db::{
        self,
        analysis::{self as rows},
    },
    error::ApiError,
    state::AppState,
};
use actix_web::{post, web, HttpResponse};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ActiveModel {
    /// null = the default model.
    pub active_run_id: Option<crate::domain::RunId>,
}

/// Roll back (admin): the previous finished run becomes active, or the default model when
/// there is none.
#[utoipa::path(
    operation_id = "rollbackModel",
    tag = "analysis",
    params(("slug" = String, Path)),
    responses((status = 200, body = ActiveModel)),
    security(("session_cookie" = ["admin"]), ("bearer" = ["admin"]))
)]
#[post("/processes/{slug}/model/rollback")]
pub async fn rollback(
    state: web::Data<AppState>,
    InProcess { who, process, .. }: InProcess<op::RollbackModel>,
    ip: ClientIp,
) -> Result<HttpResponse, ApiError> {
    let admin = who.token_id;
    let active = state
        .db
        .write(move |conn| {
            let current = process.active_model_run_id;
            let previous = rows::runs_for_process(conn, process.id)?
                .into_iter()
                .filter(|r| r.state == RunState::Done && current.is_some_and(|c| r.id < c))
                .map(|r| r.id)
                .next();
            db::processes::set_active_model(conn, process.id, previous)?;
            AuditEvent::new(AuditAction::TrainingRollback)
                .target("process", &process.slug)
                .details(json!({ "from": current, "to": previous }))
                .record(conn, Some(admin), Some(ip))?;
            Ok(previous)
        })
        .await?;
    Ok(HttpResponse::Ok().json(ActiveModel {
        active_run_id: active,
    }))
}
