//! Liveness with a database check, and the OpenAPI document.

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    app::AppState,
    error::{ApiError, Problem},
    security::client_ip::carries_forwarding_headers,
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

#[derive(Serialize, ToSchema)]
pub struct Readiness {
    #[schema(example = "ready")]
    pub status: String,
    /// Each dependency and its state (`ok` or what is wrong).
    pub checks: std::collections::BTreeMap<String, String>,
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
    let ready = checks.values().all(|v| v == "ok");
    let body = Readiness {
        status: if ready { "ready" } else { "not_ready" }.into(),
        checks,
    };
    let mut resp = if ready {
        HttpResponse::Ok()
    } else {
        HttpResponse::ServiceUnavailable()
    };
    resp.insert_header(("Cache-Control", "no-store")).json(body)
}

fn verdict(name: &str, answer: Result<(), String>) -> String {
    match answer {
        Ok(()) => "ok".into(),
        Err(cause) => {
            log::warn!("readiness: {name} unavailable: {cause}");
            "unavailable".into()
        }
    }
}

/// Prometheus metrics, for the addresses in METRICS_ALLOWED_IPS only (default loopback), and
/// never for a request that came through a proxy: a reverse proxy on the same host connects
/// from loopback too, and would otherwise publish this page.
#[utoipa::path(
    operation_id = "metrics",
    tag = "health",
    responses((status = 200, description = "Prometheus text exposition", content_type = "text/plain"), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
#[get("/metrics")]
pub async fn metrics(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let peer = req.peer_addr().map(|a| a.ip());
    if carries_forwarding_headers(req.headers())
        || !peer.is_some_and(|ip| {
            state
                .settings
                .metrics_allowed
                .iter()
                .any(|net| net.contains(&ip))
        })
    {
        // Not a scraper we know: as if there were nothing here.
        return Err(ApiError::NotFound);
    }
    let db = state.db.clone();
    let (queued, (db_bytes, wal_bytes)) = state
        .db
        .read(move |conn| Ok((crate::db::jobs::queued_count(conn)?, db.sizes(conn))))
        .await
        .unwrap_or((-1, (0, 0)));
    let (connections, idle) = state.db.pool_state();
    let text = state.metrics.render(&[
        (
            "planner_db_pool_connections",
            "Open database connections in the pool.",
            f64::from(connections),
        ),
        (
            "planner_db_pool_idle_connections",
            "Idle database connections in the pool.",
            f64::from(idle),
        ),
        (
            "planner_job_queue_depth",
            "Analysis, training and theme jobs queued or running.",
            queued as f64,
        ),
        (
            "planner_jobs_finished_total",
            "Jobs this server ran to the end (done or failed).",
            state.analyzer.jobs_finished() as f64,
        ),
        (
            "planner_database_size_bytes",
            "Size of the database (the SQLite file, or pg_database_size).",
            db_bytes as f64,
        ),
        (
            "planner_database_wal_size_bytes",
            "Size of SQLite's write-ahead log (0 on PostgreSQL).",
            wal_bytes as f64,
        ),
        (
            "planner_untrusted_forwarded_requests_total",
            "Requests with forwarding headers from a private or loopback peer not in TRUSTED_PROXIES (a proxy we were not told about).",
            state
                .metrics
                .untrusted_forwarded
                .load(std::sync::atomic::Ordering::Relaxed) as f64,
        ),
        (
            "planner_rate_limit_redis_fail_open_total",
            "Rate-limit checks let through because Redis did not answer.",
            state
                .limiters
                .redis_fail_open
                .load(std::sync::atomic::Ordering::Relaxed) as f64,
        ),
    ]) + &state.backups.render_metrics();
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .insert_header(("Cache-Control", "no-store"))
        .body(text))
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
