//! 200 when every dependency answers (the database, and Redis when configured: without it

use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

/// Whether this replica takes traffic.
#[derive(Serialize, ToSchema, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ReadinessStatus {
    Ready,
    NotReady,
}

/// How one dependency answered (the cause goes to the log, never to the caller).
#[derive(Serialize, ToSchema, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CheckState {
    Ok,
    Unavailable,
}

#[derive(Serialize, ToSchema)]
pub struct Readiness {
    pub status: ReadinessStatus,
    /// Each dependency (`database`, and `redis` when configured) and how it answered.
    pub checks: std::collections::BTreeMap<String, CheckState>,
}

/// 200 when every dependency answers (the database, and Redis when configured: without it
/// sign-in is refused anyway), 503 naming the failing check otherwise — for load balancers
/// deciding whether to send traffic here. Causes go to the log, never to the caller.
#[utoipa::path(
    operation_id = "readyz",
    tag = "health",
    responses((status = 200, body = Readiness), (status = 503, body = Readiness))
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let db = state.db.clone();
    let mut checks = std::collections::BTreeMap::new();
    let database = match web::block(move || db.ping()).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    checks.insert("database".to_string(), verdict("database", database));
    if let Some(redis) = state.limiters.redis() {
        let answer = redis.ping().await.map_err(|e| e.to_string());
        checks.insert("redis".to_string(), verdict("redis", answer));
    }
    let ready = checks.values().all(|v| *v == CheckState::Ok);
    let body = Readiness {
        status: if ready {
            ReadinessStatus::Ready
        } else {
            ReadinessStatus::NotReady
        },
        checks,
    };
    let mut resp = if ready {
        HttpResponse::Ok()
    } else {
        HttpResponse::ServiceUnavailable()
    };
    resp.insert_header(("Cache-Control", "no-store")).json(body)
}

fn verdict(name: &str, answer: Result<(), String>) -> CheckState {
    match answer {
        Ok(()) => CheckState::Ok,
        Err(cause) => {
            log::warn!("readiness: {name} unavailable: {cause}");
            CheckState::Unavailable
        }
    }
}
